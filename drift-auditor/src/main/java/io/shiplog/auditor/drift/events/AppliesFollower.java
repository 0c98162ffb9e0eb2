package io.shiplog.auditor.drift.events;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.serde.RecordDecodeException;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code shiplog.applies} from its end and names each cluster that completed an apply, so its drift is
 * audited against the new inventory at once rather than at the next interval. Not a consumer group: every auditor
 * instance sees every apply; a record it cannot decode is left to the audit projection's DLQ handling.
 */
public final class AppliesFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppliesFollower.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroRecordDecoder decoder;
    private final Consumer<String> applied;
    private final Thread thread;
    private volatile boolean running = true;

    public AppliesFollower(KafkaConsumer<byte[], byte[]> consumer, AvroRecordDecoder decoder,
                           Consumer<String> applied) {
        this.consumer = consumer;
        this.decoder = decoder;
        this.applied = applied;
        this.thread = new Thread(this::run, "drift-applies-follower");
        this.thread.setDaemon(true);
    }

    public void start() {
        List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalogue.APPLIES.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        ApplyEvent event = decoder.decode(record, ApplyEvent.class);
                        if (event != null && event.getPayload() instanceof ApplyCompleted completed) {
                            applied.accept(completed.getCluster());
                        }
                    } catch (RecordDecodeException e) {
                        LOG.debug("skipping undecodable record {}-{}@{}", record.topic(), record.partition(),
                                record.offset());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
