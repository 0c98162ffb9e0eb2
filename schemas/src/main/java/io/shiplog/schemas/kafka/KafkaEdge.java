package io.shiplog.schemas.kafka;

import io.shiplog.schemas.event.DeadLetterPublisher;
import io.shiplog.schemas.registry.SchemaRegistryClient;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.serde.AvroSerdeConfig;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What a service needs to read the release log, in one object: consumers configured in one place, the Avro decoder,
 * the dead-letter path, followers (reported to one {@link FollowerHealth}) and history readers. A service declares a
 * follower with a {@link FollowerSpec} and a {@link Follower}:
 *
 * <pre>{@code
 * KafkaFollower<ImageEvent> images = edge.follower(
 *         FollowerSpec.of("images-follower", OffsetPolicy.fromBeginning(), edge.skipping(counter), IMAGES),
 *         edge.decoding(ImageEvent.class), delivery -> known.apply(delivery.value()));
 * images.start();
 * }</pre>
 */
public final class KafkaEdge {

    private final Map<String, Object> sharedConsumerConfig;
    private final AvroRecordDecoder decoder;
    private final Function<String, DeadLetterPublisher> deadLetterPublishers;
    private final FollowerHealth health;
    private final RecordTracing tracing;

    /**
     * @param sharedConsumerConfig the service's consumer settings (Spring's {@code buildConsumerProperties()})
     * @param deadLetterPublishers a DLQ publisher naming a consumer (e.g. {@code cluster-applier/<group>}); null
     *                             when this process never dead-letters
     */
    public KafkaEdge(Map<String, Object> sharedConsumerConfig, AvroRecordDecoder decoder,
                     Function<String, DeadLetterPublisher> deadLetterPublishers, FollowerHealth health) {
        this(sharedConsumerConfig, decoder, deadLetterPublishers, health, RecordTracing.NONE);
    }

    /** @param tracing where followers open each record's trace span */
    public KafkaEdge(Map<String, Object> sharedConsumerConfig, AvroRecordDecoder decoder,
                     Function<String, DeadLetterPublisher> deadLetterPublishers, FollowerHealth health,
                     RecordTracing tracing) {
        this.sharedConsumerConfig = Map.copyOf(sharedConsumerConfig);
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.deadLetterPublishers = deadLetterPublishers;
        this.health = Objects.requireNonNull(health, "health");
        this.tracing = Objects.requireNonNull(tracing, "tracing");
    }

    /** An edge for reading only (no dead-letter topic), e.g. for the operator's command line. */
    public static KafkaEdge forReading(Map<String, Object> sharedConsumerConfig, SchemaRegistryClient registry) {
        return new KafkaEdge(sharedConsumerConfig, specificDecoder(registry), null, new FollowerHealth());
    }

    /** Decodes values as their generated classes, with writer schemas from {@code registry}. */
    public static AvroRecordDecoder specificDecoder(SchemaRegistryClient registry) {
        return new AvroRecordDecoder(new ShiplogAvroDeserializer(registry,
                Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER, true)));
    }

    /** The configuration of a consumer of raw records (see {@link ConsumerConfigs}). */
    public Map<String, Object> consumerConfig(String group, String clientId, Map<String, ?> overrides) {
        return ConsumerConfigs.of(sharedConsumerConfig, group, clientId, overrides);
    }

    /** New consumers of raw records, configured as {@link #consumerConfig} says. */
    public Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> consumers(String group,
                                                                                         String clientId,
                                                                                         Map<String, ?> overrides) {
        Map<String, Object> config = consumerConfig(group, clientId, overrides);
        return () -> new KafkaConsumer<>(config);
    }

    /** Whether the service's shared consumer settings set {@code key} (a follower's default gives way to them). */
    public boolean configures(String key) {
        return sharedConsumerConfig.containsKey(key);
    }

    public AvroRecordDecoder decoder() {
        return decoder;
    }

    /** Decodes a record's value as a {@code type}; any other value fails like bad bytes. */
    public <T> Function<ConsumerRecord<byte[], byte[]>, T> decoding(Class<T> type) {
        return record -> decoder.decode(record, type);
    }

    /** The dead-letter path of a consumer named {@code consumer}; {@code counter} counts each bad record. */
    public DeadLetters deadLetters(String consumer, Consumer<ConsumerRecord<?, ?>> counter) {
        if (deadLetterPublishers == null) {
            throw new IllegalStateException("this Kafka edge has no dead-letter topic (no event sink)");
        }
        return DeadLetters.publishing(deadLetterPublishers.apply(consumer), counter);
    }

    /** Counting and skipping bad records, for readers where every instance reads every record. */
    public DeadLetters skipping(Consumer<ConsumerRecord<?, ?>> counter) {
        return DeadLetters.skipping(counter);
    }

    /** A follower on its own thread and consumer, as {@code spec} says; not started yet. */
    public <T> KafkaFollower<T> follower(FollowerSpec spec, Function<ConsumerRecord<byte[], byte[]>, T> decoding,
                                         Follower<T> follower) {
        return new KafkaFollower<>(spec, consumers(spec.policy().group(), spec.clientId(), spec.consumerOverrides()),
                decoding, follower, health, tracing);
    }

    /** A follower on a Spring Kafka listener container, as {@code spec} says; not started yet. */
    public <T> ListenerContainerFollower<T> listenerFollower(FollowerSpec spec,
                                                             Function<ConsumerRecord<byte[], byte[]>, T> decoding,
                                                             Follower<T> follower) {
        return new ListenerContainerFollower<>(spec, consumerConfig(spec.policy().group(), spec.clientId(),
                spec.consumerOverrides()), decoding, follower, health, tracing);
    }

    /** A reader of history that makes a consumer per read (see {@link LogReader#perRead}). */
    public LogReader reader(String clientId, Duration timeout, Duration readBound) {
        return LogReader.perRead(consumers(null, clientId, Map.of()), timeout, readBound);
    }

    /** A reader of history that keeps one consumer; close it with the service. */
    public LogReader sharedReader(String clientId, Duration timeout, Duration readBound) {
        return LogReader.shared(consumers(null, clientId, Map.of()), timeout, readBound);
    }

    public FollowerHealth health() {
        return health;
    }
}
