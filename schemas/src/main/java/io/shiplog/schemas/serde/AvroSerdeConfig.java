package io.shiplog.schemas.serde;

import io.shiplog.schemas.registry.ConfigValues;
import java.util.Map;

/**
 * Serde settings under Confluent's names; the registry client's own keys are read by
 * {@link io.shiplog.schemas.registry.RegistryConfig}. Unknown keys are ignored.
 *
 * @param autoRegister     register the datum's schema when it is new ({@code auto.register.schemas}, default true)
 * @param useLatestVersion write with the subject's latest schema ({@code use.latest.version}, default false);
 *                         only when {@code autoRegister} is off, as in Confluent's serializer
 * @param specificReader   read into generated SpecificRecord classes ({@code specific.avro.reader}, default false)
 * @param keyStrategy      subject of key schemas ({@code key.subject.name.strategy}, default TopicNameStrategy)
 * @param valueStrategy    subject of value schemas ({@code value.subject.name.strategy}, default TopicNameStrategy)
 */
public record AvroSerdeConfig(boolean autoRegister, boolean useLatestVersion, boolean specificReader,
                              SubjectNameStrategy keyStrategy, SubjectNameStrategy valueStrategy) {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    /** Reads the serde settings from a Kafka-style configuration map. */
    public static AvroSerdeConfig from(Map<String, ?> configs) {
        return new AvroSerdeConfig(
                ConfigValues.bool(configs, AUTO_REGISTER_SCHEMAS, true),
                ConfigValues.bool(configs, USE_LATEST_VERSION, false),
                ConfigValues.bool(configs, SPECIFIC_AVRO_READER, false),
                strategy(configs, KEY_SUBJECT_NAME_STRATEGY),
                strategy(configs, VALUE_SUBJECT_NAME_STRATEGY));
    }

    /** The strategy for keys or values. */
    public SubjectNameStrategy strategy(boolean isKey) {
        return isKey ? keyStrategy : valueStrategy;
    }

    private static SubjectNameStrategy strategy(Map<String, ?> configs, String key) {
        return ConfigValues.string(configs, key)
                .map(value -> SubjectNameStrategies.parse(key, value))
                .orElse(SubjectNameStrategies.TOPIC_NAME);
    }
}
