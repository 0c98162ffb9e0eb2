package io.shiplog.applier.support;

import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;

/** One producer per test JVM writing Avro events to the shared broker, as the other services would. */
public final class Kafka {

    private static Producer<String, Object> producer;

    private Kafka() {
    }

    public static synchronized EventSink events() {
        if (producer == null) {
            Map<String, Object> config = Map.of(
                    "bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                    "schema.registry.url", SchemaRegistry.shared().url(),
                    "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", ShiplogAvroSerializer.class.getName(),
                    "acks", "all");
            producer = new KafkaProducer<>(config);
        }
        return EventSink.of(producer);
    }
}
