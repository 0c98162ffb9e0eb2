package io.shiplog.schemas.testing;

import io.shiplog.events.Meta;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import io.shiplog.schemas.topic.TopicProvisioner;
import io.shiplog.schemas.topic.TopicSpec;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The shared broker and schema registry of a test JVM ({@link KafkaBroker#shared()}, {@link SchemaRegistry#shared()})
 * as the services' peers write to them: one Avro producer for the JVM, every Shiplog topic provisioned before the
 * first write, raw bytes as a broken producer would send them. Every send waits for the broker's acknowledgement.
 */
public final class TestKafka {

    private static final long SEND_TIMEOUT_SECONDS = 30;
    private static Producer<String, Object> producer;
    private static Producer<String, byte[]> raw;

    private TestKafka() {
    }

    /** The JVM's Avro producer, as an event sink. */
    public static synchronized EventSink events() {
        if (producer == null) {
            provisionTopics();
            producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                    "schema.registry.url", SchemaRegistry.shared().url(),
                    "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", ShiplogAvroSerializer.class.getName(),
                    "acks", "all"));
        }
        return EventSink.of(producer);
    }

    /**
     * Publishes {@code payload} in its envelope, with a new root meta, to its topic under {@code key}; returns the
     * event id.
     */
    public static String publish(String key, SpecificRecord payload) {
        Meta meta = Envelopes.meta(Instant.now());
        publish(key, meta, payload);
        return meta.getEventId();
    }

    /** Publishes {@code payload} in its envelope with {@code meta} to its topic under {@code key}. */
    public static void publish(String key, Meta meta, SpecificRecord payload) {
        send(Envelopes.topicOf(payload), key, Envelopes.wrap(meta, payload));
    }

    /** Sends {@code value} (an envelope, or null for a tombstone) as it is. */
    public static void send(TopicSpec topic, String key, SpecificRecord value) {
        await(events().send(topic.name(), key, value), topic);
    }

    /** Writes {@code value} without any framing, as a broken producer would. */
    public static synchronized void sendRaw(String topic, String key, byte[] value) {
        if (raw == null) {
            provisionTopics();
            raw = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                    "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", ByteArraySerializer.class.getName(),
                    "acks", "all"));
        }
        try {
            raw.send(new ProducerRecord<>(topic, key, value)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write a raw record to " + topic, e);
        }
    }

    /** Creates every topic of the catalogue that does not exist yet. */
    public static void provisionTopics() {
        TopicProvisioner.provisionCatalogue(KafkaBroker.shared().bootstrapServers());
    }

    /** Consumer settings that read the shared registry's Avro into the generated classes. */
    public static Map<String, Object> specificReaderConfig() {
        return ShiplogAvroDeserializer.specificReaderConfig(SchemaRegistry.shared().url());
    }

    private static void await(java.util.concurrent.Future<?> sent, TopicSpec topic) {
        try {
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish to " + topic.name(), e);
        }
    }
}
