package io.shiplog.auditor.support;

import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producers on the shared broker writing events as the other services would, and raw bytes as a broken one. */
public final class Kafka {

    private static Producer<String, Object> producer;
    private static Producer<String, byte[]> raw;

    private Kafka() {
    }

    public static synchronized EventSink events() {
        if (producer == null) {
            provision();
            producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                    "schema.registry.url", SchemaRegistry.shared().url(),
                    "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", ShiplogAvroSerializer.class.getName(),
                    "acks", "all"));
        }
        return EventSink.of(producer);
    }

    /** Writes {@code value} as it is, without any framing. */
    public static synchronized void sendRaw(String topic, String key, byte[] value) throws Exception {
        if (raw == null) {
            provision();
            raw = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                    "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", ByteArraySerializer.class.getName(),
                    "acks", "all"));
        }
        raw.send(new ProducerRecord<>(topic, key, value)).get();
    }

    public static void provision() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()))) {
            new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).provision(TopicCatalogue.all());
        }
    }
}
