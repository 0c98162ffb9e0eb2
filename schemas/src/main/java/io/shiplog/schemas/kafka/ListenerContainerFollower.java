package io.shiplog.schemas.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.HashMap;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.event.ConsumerFailedToStartEvent;
import org.springframework.kafka.event.ConsumerRetryAuthEvent;
import org.springframework.kafka.event.ConsumerRetryAuthSuccessfulEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.ConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A {@link Follower} on Spring Kafka's {@link KafkaMessageListenerContainer}, for followers that are plain record
 * listeners: each record's side effect is done when {@link Follower#onRecord} returns, and nothing is needed between
 * polls. Spring's {@link DefaultErrorHandler} is the dead-letter path (a record that cannot be decoded, or whose
 * follower throws {@link UnprocessableRecordException}, goes to the {@link DeadLetters} at once; any other failure is
 * retried with the spec's exponential backoff, the follower {@link FollowerState.Restarting} meanwhile). A consumer
 * that stops abnormally is started again after the backoff.
 *
 * <p>Offset policies: {@link OffsetPolicy.GroupAssigned} (nothing committed: manual acks that never come),
 * {@link OffsetPolicy.Assigned} (no group; the partitions are looked up at start) and
 * {@link OffsetPolicy.GroupCommitted} without rebuild (offsets committed after each record). The others need what a
 * listener container does not offer (see {@link KafkaFollower}).
 *
 * @param <T> the decoded record value
 */
public final class ListenerContainerFollower<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerContainerFollower.class);

    private final FollowerSpec spec;
    private final Map<String, Object> consumerConfig;
    private final Function<ConsumerRecord<byte[], byte[]>, T> decoder;
    private final Follower<T> follower;
    private final FollowerHealth health;
    private final RecordTracing tracing;
    private final Supplier<FollowerState> stateSupplier = this::state;
    private final ScheduledExecutorService restarts;
    private volatile KafkaMessageListenerContainer<byte[], byte[]> container;
    private volatile FollowerState state = new FollowerState.Starting();
    private volatile boolean running;
    private volatile int failures;

    ListenerContainerFollower(FollowerSpec spec, Map<String, Object> consumerConfig,
                              Function<ConsumerRecord<byte[], byte[]>, T> decoder, Follower<T> follower,
                              FollowerHealth health, RecordTracing tracing) {
        if (spec.policy() instanceof OffsetPolicy.CallerStored
                || spec.policy() instanceof OffsetPolicy.GroupCommitted committed && committed.rebuild()) {
            throw new IllegalArgumentException("follower " + spec.name() + ": " + spec.policy()
                    + " needs a KafkaFollower");
        }
        this.spec = spec;
        this.consumerConfig = consumerConfig;
        this.decoder = decoder;
        this.follower = follower;
        this.health = health;
        this.tracing = tracing;
        this.restarts = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, spec.name() + "-restart");
            thread.setDaemon(true);
            return thread;
        });
    }

    public String name() {
        return spec.name();
    }

    public FollowerState state() {
        return state;
    }

    public synchronized void start() {
        running = true;
        DefaultKafkaConsumerFactory<byte[], byte[]> factory = new DefaultKafkaConsumerFactory<>(consumerConfig);
        KafkaMessageListenerContainer<byte[], byte[]> created = new KafkaMessageListenerContainer<>(factory,
                properties(factory));
        created.setBeanName(spec.name());
        created.setCommonErrorHandler(errorHandler());
        created.setRecordInterceptor(new Success());
        created.setApplicationEventPublisher(this::onEvent);
        container = created;
        health.register(spec.name(), stateSupplier);
        created.start();
        state = new FollowerState.Running(Instant.now());
    }

    private ContainerProperties properties(DefaultKafkaConsumerFactory<byte[], byte[]> factory) {
        ContainerProperties properties;
        if (spec.policy() instanceof OffsetPolicy.Assigned assigned) {
            properties = new ContainerProperties(partitions(factory, assigned.from()));
            properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        } else {
            properties = new ContainerProperties(spec.topics().toArray(String[]::new));
            properties.setGroupId(spec.policy().group());
            if (spec.policy() instanceof OffsetPolicy.GroupAssigned) {
                properties.setAckMode(ContainerProperties.AckMode.MANUAL);
                properties.setAssignmentCommitOption(ContainerProperties.AssignmentCommitOption.NEVER);
            } else {
                properties.setAckMode(ContainerProperties.AckMode.RECORD);
            }
        }
        properties.setClientId(spec.clientId());
        properties.setPollTimeout(spec.pollTimeout().toMillis());
        properties.setShutdownTimeout(spec.closeTimeout().toMillis());
        properties.setAuthExceptionRetryInterval(spec.backoff().initial());
        properties.setConsumerRebalanceListener(new Rebalance());
        properties.setMessageListener((ConsumerAwareMessageListener<byte[], byte[]>) this::onRecord);
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor(spec.name() + "-");
        threads.setDaemon(true);
        properties.setListenerTaskExecutor(threads);
        return properties;
    }

    private TopicPartitionOffset[] partitions(DefaultKafkaConsumerFactory<byte[], byte[]> factory,
                                              OffsetPolicy.From from) {
        TopicPartitionOffset.SeekPosition position = from == OffsetPolicy.From.BEGINNING
                ? TopicPartitionOffset.SeekPosition.BEGINNING : TopicPartitionOffset.SeekPosition.END;
        try (Consumer<byte[], byte[]> lookup = factory.createConsumer()) {
            return spec.topics().stream()
                    .flatMap(topic -> lookup.partitionsFor(topic, Duration.ofSeconds(60)).stream())
                    .map(info -> new TopicPartitionOffset(info.topic(), info.partition(), position))
                    .toArray(TopicPartitionOffset[]::new);
        }
    }

    private void onRecord(ConsumerRecord<byte[], byte[]> record, Consumer<?, ?> consumer) {
        T value;
        try {
            value = decoder.apply(record);
        } catch (RuntimeException e) {
            throw new UnprocessableRecordException(e);
        }
        try (RecordTracing.Handling traced = tracing.handling(record, value)) {
            follower.onRecord(new Delivery<>(record, value, false));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("follower " + spec.name() + " failed on " + Delivery.where(record)
                    + ": " + e.getMessage(), e);
        }
    }

    private DefaultErrorHandler errorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(spec.backoff().initial().toMillis(), 2.0);
        backOff.setMaxInterval(spec.backoff().max().toMillis());
        @SuppressWarnings("unchecked")
        DefaultErrorHandler handler = new DefaultErrorHandler((record, error) -> spec.deadLetters()
                .handle((ConsumerRecord<byte[], byte[]>) record, reasonOf(error)), backOff);
        handler.addNotRetryableExceptions(UnprocessableRecordException.class);
        handler.setCommitRecovered(spec.policy() instanceof OffsetPolicy.GroupCommitted);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception error, int attempt) {
                Throwable reason = reasonOf(error);
                if (reason instanceof UnprocessableRecordException || error instanceof UnprocessableRecordException
                        || error.getCause() instanceof UnprocessableRecordException) {
                    return;
                }
                Duration delay = spec.backoff().delay(attempt);
                state = new FollowerState.Restarting(attempt, String.valueOf(reason), Instant.now().plus(delay));
                LOG.warn("follower {}: {} failed (attempt {}), again in {} ms: {}", spec.name(),
                        Delivery.where(record), attempt, delay.toMillis(), reason.toString());
            }

            @Override
            public void recovered(ConsumerRecord<?, ?> record, Exception error) {
                state = new FollowerState.Running(Instant.now());
            }
        });
        return handler;
    }

    private static Throwable reasonOf(Throwable error) {
        Throwable reason = error instanceof ListenerExecutionFailedException && error.getCause() != null
                ? error.getCause() : error;
        return reason instanceof UnprocessableRecordException unprocessable ? unprocessable.reason() : reason;
    }

    private void onEvent(Object event) {
        if (event instanceof ConsumerRetryAuthEvent auth) {
            state = new FollowerState.Restarting(1, "authentication/authorization: " + auth.getReason(),
                    Instant.now().plus(spec.backoff().initial()));
        } else if (event instanceof ConsumerRetryAuthSuccessfulEvent) {
            state = new FollowerState.Running(Instant.now());
        } else if (event instanceof ConsumerStoppedEvent stopped
                && stopped.getReason() != ConsumerStoppedEvent.Reason.NORMAL) {
            restartLater("consumer stopped: " + stopped.getReason());
        } else if (event instanceof ConsumerFailedToStartEvent) {
            restartLater("consumer failed to start");
        }
    }

    private synchronized void restartLater(String reason) {
        if (!running) {
            return;
        }
        failures++;
        Duration delay = spec.backoff().delay(failures);
        state = new FollowerState.Restarting(failures, reason, Instant.now().plus(delay));
        LOG.error("follower {}: {}; restarting in {} ms", spec.name(), reason, delay.toMillis());
        restarts.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void restart() {
        if (!running) {
            return;
        }
        KafkaMessageListenerContainer<byte[], byte[]> current = container;
        if (current != null && current.isRunning()) {
            current.stop();
        }
        start();
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
        }
        restarts.shutdownNow();
        KafkaMessageListenerContainer<byte[], byte[]> current = container;
        if (current != null) {
            current.stop();
        }
        state = new FollowerState.Stopped();
        health.unregister(spec.name(), stateSupplier);
    }

    /** Marks the follower running again after a record went through. */
    private final class Success implements RecordInterceptor<byte[], byte[]> {

        @Override
        public ConsumerRecord<byte[], byte[]> intercept(ConsumerRecord<byte[], byte[]> record,
                                                        Consumer<byte[], byte[]> consumer) {
            return record;
        }

        @Override
        public void success(ConsumerRecord<byte[], byte[]> record, Consumer<byte[], byte[]> consumer) {
            reportLag(consumer);
            if (!(state instanceof FollowerState.Running)) {
                LOG.info("follower {} runs again", spec.name());
                state = new FollowerState.Running(Instant.now());
            }
            failures = 0;
        }
    }

    private void reportLag(Consumer<?, ?> consumer) {
        if (health == null) {
            return;
        }
        Map<String, Long> lag = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong behind = consumer.currentLag(partition);
            if (behind.isPresent()) {
                lag.merge(partition.topic(), behind.getAsLong(), Long::sum);
            }
        }
        health.lag(spec.name(), lag);
    }

    /** Where assigned partitions are read from, and the follower told of assignment changes. */
    private final class Rebalance implements ConsumerAwareRebalanceListener {

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            if (spec.policy() instanceof OffsetPolicy.GroupAssigned assigned) {
                if (assigned.from() == OffsetPolicy.From.BEGINNING) {
                    consumer.seekToBeginning(partitions);
                } else {
                    consumer.seekToEnd(partitions);
                }
            }
            LOG.info("follower {} assigned {}", spec.name(), partitions);
            follower.onAssigned(new Context(consumer), partitions);
        }

        @Override
        public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            follower.onRevoked(partitions);
        }

        @Override
        public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            follower.onRevoked(partitions);
        }
    }

    /** What a follower may ask from within a rebalance callback. */
    private final class Context implements FollowerContext {

        private final Consumer<?, ?> consumer;

        Context(Consumer<?, ?> consumer) {
            this.consumer = consumer;
        }

        @Override
        public Set<TopicPartition> assignment() {
            return consumer.assignment();
        }

        @Override
        public int partitionCount(String topic) {
            return consumer.partitionsFor(topic).size();
        }

        @Override
        public long lag() {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            return ends.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - consumer.position(e.getKey())))
                    .sum();
        }

        @Override
        public void rewind() {
            throw new UnsupportedOperationException("a listener container follower does not rewind");
        }

        @Override
        public void deadLetter(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
            spec.deadLetters().handle(record, reason);
        }
    }
}
