package io.shiplog.schemas.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Follower} running on its own thread and consumer, as its {@link FollowerSpec} says. A failure of the
 * loop (Kafka, the dead-letter topic, or the follower throwing anything but {@link UnprocessableRecordException})
 * closes the consumer and starts a new one after a backoff, from the committed or stored offsets; the follower is
 * {@link FollowerState.Restarting} meanwhile, so the service is not ready. It never stops by itself.
 *
 * <p>This is a plain {@code KafkaConsumer} loop rather than a Spring Kafka listener container because the followers
 * on it need what a record listener does not give: a call after every poll even without records ({@link
 * Follower#onIdle}: timers, batching), offsets committed when a side effect completes later, offsets kept in the
 * caller's database transaction, catch-up barriers on the positions, and rebuilding state from before the committed
 * offset. Followers that need none of that run on {@link ListenerContainerFollower}.
 *
 * @param <T> the decoded record value
 */
public final class KafkaFollower<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFollower.class);

    private final FollowerSpec spec;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Function<ConsumerRecord<byte[], byte[]>, T> decoder;
    private final Follower<T> follower;
    private final FollowerHealth health;
    final RecordTracing tracing;
    private final Supplier<FollowerState> stateSupplier = this::state;
    private final Thread thread;
    private final CatchUps catchUps = new CatchUps();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    /** Hand-assigned followers: the next offset after the last record handled, where a restart goes on. */
    final Map<TopicPartition, Long> handled = new HashMap<>();
    /** Rebuilding groups: where this process stopped reading a partition it held before. */
    final Map<TopicPartition, Long> readUpTo = new HashMap<>();
    private final Object pause = new Object();
    private volatile FollowerSession<T> session;
    private volatile boolean running;
    private final Object interruptLock = new Object();
    /** Set under {@code interruptLock} once the thread closes its consumer for good: close() then interrupts no more. */
    private boolean consumerClosing;
    private volatile FollowerState state = new FollowerState.Starting();

    /**
     * @param consumers new consumers as the spec says (one per start and restart)
     * @param decoder   the record's value as the follower wants it; a failure sends the record to the DLQ path
     * @param health    where the state is reported; null for none
     */
    public KafkaFollower(FollowerSpec spec, Supplier<Consumer<byte[], byte[]>> consumers,
                         Function<ConsumerRecord<byte[], byte[]>, T> decoder, Follower<T> follower,
                         FollowerHealth health) {
        this(spec, consumers, decoder, follower, health, RecordTracing.NONE);
    }

    /** @param tracing opens the trace span of each record handed over */
    public KafkaFollower(FollowerSpec spec, Supplier<Consumer<byte[], byte[]>> consumers,
                         Function<ConsumerRecord<byte[], byte[]>, T> decoder, Follower<T> follower,
                         FollowerHealth health, RecordTracing tracing) {
        this.tracing = tracing;
        this.spec = spec;
        this.consumers = consumers;
        this.decoder = decoder;
        this.follower = follower;
        this.health = health;
        this.thread = new Thread(this::run, spec.name());
        this.thread.setDaemon(true);
    }

    public String name() {
        return spec.name();
    }

    void lag(Map<String, Long> lagByTopic) {
        if (health != null && !lagByTopic.isEmpty()) {
            health.lag(spec.name(), lagByTopic);
        }
    }

    public FollowerState state() {
        return state;
    }

    public void start() {
        running = true;
        if (health != null) {
            health.register(spec.name(), stateSupplier);
        }
        thread.start();
    }

    /** Whether everything the first assignment held when it was assigned has been handed to the follower. */
    public boolean caughtUp() {
        return caughtUp.isDone();
    }

    /** Waits until {@link #caughtUp()}; false when {@code timeout} passed first. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        try {
            caughtUp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits until every record published before this call has been handed to the follower. */
    public void catchUp(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            catchUps.request().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Ends the current poll early, so {@link Follower#onIdle} runs now. */
    public void wakeup() {
        FollowerSession<T> current = session;
        if (current != null) {
            current.wakeup();
        }
    }

    private void run() {
        int attempt = 0;
        while (running) {
            Duration delay = Duration.ZERO;
            FollowerSession<T> current = null;
            try {
                current = new FollowerSession<>(this, spec, consumers.get(), decoder, follower, catchUps, caughtUp);
                session = current;
                current.open();
                while (running) {
                    try {
                        current.pollOnce();
                    } catch (WakeupException e) {
                        if (!running) {
                            break;
                        }
                        continue;
                    }
                    if (attempt > 0 || !(state instanceof FollowerState.Running)) {
                        if (attempt > 0) {
                            LOG.info("follower {} runs again after {} failed attempt(s)", spec.name(), attempt);
                        }
                        attempt = 0;
                        state = new FollowerState.Running(Instant.now());
                    }
                }
            } catch (WakeupException e) {
                if (!running) {
                    break;
                }
                LOG.debug("follower {}: woken up while opening its consumer; opening it again", spec.name());
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                attempt++;
                delay = spec.backoff().delay(attempt);
                state = new FollowerState.Restarting(attempt, String.valueOf(e), Instant.now().plus(delay));
                if (attempt == 1) {
                    LOG.error("follower {} failed, restarting in {} ms: {}", spec.name(), delay.toMillis(),
                            e.toString(), e);
                } else {
                    LOG.warn("follower {} failed again (attempt {}), restarting in {} ms: {}", spec.name(), attempt,
                            delay.toMillis(), e.toString());
                }
            } finally {
                session = null;
                if (current != null) {
                    if (!running) {
                        // the last close: no interrupt from close() may reach the consumer while it leaves its group
                        synchronized (interruptLock) {
                            consumerClosing = true;
                            Thread.interrupted();
                        }
                    }
                    current.close();
                }
            }
            Thread.interrupted();
            sleep(delay);
        }
        state = new FollowerState.Stopped();
    }

    private void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        long until = System.nanoTime() + delay.toNanos();
        synchronized (pause) {
            long left;
            while (running && (left = until - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(pause, left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Stops the loop (the consumer leaves its group; a revocation runs as usual) and waits for the thread. */
    @Override
    public void close() {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        wakeup();
        if (spec.interruptOnClose()) {
            synchronized (interruptLock) {
                if (!consumerClosing) {
                    thread.interrupt();
                }
            }
        }
        try {
            thread.join(spec.closeTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (health != null) {
            health.unregister(spec.name(), stateSupplier);
        }
    }

    boolean running() {
        return running;
    }
}
