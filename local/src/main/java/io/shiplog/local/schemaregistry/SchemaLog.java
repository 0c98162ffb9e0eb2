package io.shiplog.local.schemaregistry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state in Kafka: one compacted single-partition topic that a background thread applies, in order,
 * into a {@link RegistryState}. Writes go through an idempotent producer with {@code acks=all}; every call waits at
 * most the configured timeout.
 */
final class SchemaLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaLog.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final TopicPartition partition;
    private final Duration timeout;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final RegistryState state = new RegistryState();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final Thread reader;
    private volatile boolean running = true;

    private SchemaLog(String bootstrapServers, Map<String, Object> kafkaProperties, String topic, Duration timeout) {
        this.partition = new TopicPartition(topic, 0);
        this.timeout = timeout;
        String clientId = "shiplog-schema-registry-" + UUID.randomUUID().toString().substring(0, 8);
        this.admin = Admin.create(with(kafkaProperties, Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis())));
        this.producer = new KafkaProducer<>(with(kafkaProperties, Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() * 2)),
                new StringSerializer(), new StringSerializer());
        this.consumer = new KafkaConsumer<>(with(kafkaProperties, Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis())),
                new StringDeserializer(), new StringDeserializer());
        this.reader = new Thread(this::readLoop, "schema-registry-log-" + topic);
        this.reader.setDaemon(true);
    }

    private static Map<String, Object> with(Map<String, Object> kafkaProperties, Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.putAll(own);
        return config;
    }

    /** Creates or checks the topic, then applies it from the beginning until caught up with its current end. */
    static SchemaLog open(String bootstrapServers, Map<String, Object> kafkaProperties, String topic,
                          Duration timeout) {
        SchemaLog log = new SchemaLog(bootstrapServers, kafkaProperties, topic, timeout);
        try {
            SchemasTopic.ensure(log.admin, topic, timeout);
            log.consumer.assign(List.of(log.partition));
            log.consumer.seekToBeginning(List.of(log.partition));
            log.reader.start();
            log.syncToEnd();
            return log;
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    String topic() {
        return partition.topic();
    }

    /** Waits until every record written before this call is applied, then queries the state. */
    <T> T read(Function<RegistryState, T> query) {
        syncToEnd();
        return locked(query);
    }

    /** Queries the state as it is now, under the state lock. */
    <T> T locked(Function<RegistryState, T> query) {
        lock.lock();
        try {
            return query.apply(state);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the state reflects every record that was in the topic when this call began. */
    void syncToEnd() {
        long end;
        try {
            end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException e) {
            throw RegistryException.storeError("cannot read the end offset of " + partition + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw RegistryException.storeTimeout("reading the end offset of " + partition + " took longer than "
                    + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted while reading the end offset of " + partition, e);
        }
        awaitApplied(end);
    }

    /** Appends {@code record} and waits until this instance has applied it; returns the record's offset. */
    long append(LogRecord record) {
        LogRecordCodec.Encoded encoded = LogRecordCodec.encode(record);
        long offset;
        try {
            offset = producer.send(new ProducerRecord<>(partition.topic(), 0, encoded.key(), encoded.value()))
                    .get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException e) {
            throw RegistryException.storeError("cannot write to " + partition + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw RegistryException.storeTimeout("writing to " + partition + " took longer than "
                    + timeout.toMillis() * 2 + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted while writing to " + partition, e);
        }
        awaitApplied(offset + 1);
        return offset;
    }

    private void awaitApplied(long target) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (state.position() < target) {
                long remaining = deadline - System.nanoTime();
                if (!running) {
                    throw RegistryException.storeError("the registry is shutting down", null);
                }
                if (remaining <= 0) {
                    throw RegistryException.storeTimeout("applied " + partition + " up to offset "
                            + state.position() + " but needs " + target + " within " + timeout.toMillis() + " ms");
                }
                advanced.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted while waiting for " + partition, e);
        } finally {
            lock.unlock();
        }
    }

    private void readLoop() {
        try {
            while (running) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    // close() wakes the consumer up; the loop condition ends it
                } catch (RuntimeException e) {
                    LOG.warn("reading {} failed, retrying in {} ms: {}", partition, FAILURE_BACKOFF.toMillis(),
                            e.toString());
                    sleepQuietly(FAILURE_BACKOFF);
                }
            }
        } finally {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    private void pollOnce() {
        var records = consumer.poll(POLL);
        long next = consumer.position(partition, timeout);
        lock.lock();
        try {
            for (ConsumerRecord<String, String> record : records) {
                apply(record);
            }
            state.advanceTo(next);
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        LogRecord decoded;
        try {
            decoded = LogRecordCodec.decode(record.key(), record.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping foreign record at {} offset {}: {}", partition, record.offset(), e.getMessage());
            state.advanceTo(record.offset() + 1);
            return;
        }
        boolean changed = state.apply(record.offset(), decoded);
        LOG.debug("applied {} offset {} (changed={}): {}", partition, record.offset(), changed, decoded);
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        lock.lock();
        try {
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
        if (reader.getState() == Thread.State.NEW) {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } else {
            consumer.wakeup();
            try {
                reader.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(CLOSE_TIMEOUT);
        admin.close(CLOSE_TIMEOUT);
    }
}
