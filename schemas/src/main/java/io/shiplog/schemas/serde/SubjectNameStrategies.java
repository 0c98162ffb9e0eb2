package io.shiplog.schemas.serde;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * Confluent's three subject name strategies, selectable by Confluent's class names
 * ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}, …), their short names, or the name of a class
 * implementing {@link SubjectNameStrategy}.
 */
public enum SubjectNameStrategies implements SubjectNameStrategy {

    /** {@code <topic>-key} or {@code <topic>-value}: one schema lineage per topic (the default). */
    TOPIC_NAME("TopicNameStrategy") {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    /** The record's full name: one lineage per record type, across topics. */
    RECORD_NAME("RecordNameStrategy") {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return recordName(this, schema);
        }
    },
    /** {@code <topic>-<record full name>}: one lineage per record type and topic. */
    TOPIC_RECORD_NAME("TopicRecordNameStrategy") {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return topic + "-" + recordName(this, schema);
        }
    };

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

    private final String shortName;

    SubjectNameStrategies(String shortName) {
        this.shortName = shortName;
    }

    /** Confluent's simple class name of this strategy. */
    public String shortName() {
        return shortName;
    }

    /** The strategy named by the value of configuration {@code key}. */
    public static SubjectNameStrategy parse(String key, String value) {
        String name = value.trim();
        for (SubjectNameStrategies strategy : values()) {
            if (name.equalsIgnoreCase(strategy.shortName) || name.equals(CONFLUENT_PACKAGE + strategy.shortName)
                    || name.equalsIgnoreCase(strategy.name())) {
                return strategy;
            }
        }
        return custom(key, name);
    }

    private static SubjectNameStrategy custom(String key, String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(key, className, "expected TopicNameStrategy, RecordNameStrategy, "
                    + "TopicRecordNameStrategy (short or io.confluent class name) or a class implementing "
                    + SubjectNameStrategy.class.getName());
        }
        if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
            throw new ConfigException(key, className, "does not implement " + SubjectNameStrategy.class.getName());
        }
        try {
            return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            throw new ConfigException(key, className, "cannot be instantiated with a no-argument constructor: "
                    + cause);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SubjectNameStrategies.class.getClassLoader();
    }

    private static String recordName(SubjectNameStrategies strategy, Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> schema.getFullName();
            default -> throw new IllegalArgumentException(strategy.shortName + " needs a named schema (record, "
                    + "enum or fixed), but the datum's schema is " + schema.getType().getName().toLowerCase(Locale.ROOT));
        };
    }
}
