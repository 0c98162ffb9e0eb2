package io.shiplog.auditor.project;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.auditor.DriftAuditorApplication;
import io.shiplog.auditor.store.AuditStore;
import io.shiplog.schemas.event.DeadLetterPublisher;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.registry.SchemaRegistryClient;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.serde.AvroSerdeConfig;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The projection of the release log into the audit store. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProjectionProperties.class)
public class ProjectionConfiguration {

    /** The DLQ's {@code consumer} field for records the projection gives up on. */
    static final String CONSUMER = DriftAuditorApplication.SERVICE + "/audit-projection";

    @Bean
    Projector projector(AuditStore store, KafkaProperties kafka, SchemaRegistryClient registry, EventSink sink,
                        MetaFactory meta, ProjectionProperties properties, MeterRegistry meters, Clock clock) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "audit-projection");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxBatch());
        config.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        AvroRecordDecoder decoder = new AvroRecordDecoder(new ShiplogAvroDeserializer(registry,
                Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER, true)));
        return new Projector(store, new KafkaConsumer<>(config), decoder, new FutureFieldCounter(registry),
                new DeadLetterPublisher(sink, meta, CONSUMER), properties, meters, clock);
    }
}
