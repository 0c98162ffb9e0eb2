package io.shiplog.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.events.ImageEvent;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SubjectNameStrategiesTest {

    private static final Schema EVENT = ImageEvent.getClassSchema();
    private static final String KEY = "value.subject.name.strategy";

    @Test
    void acceptsConfluentClassNamesShortNamesAndEnumNames() {
        for (String name : new String[] {"io.confluent.kafka.serializers.subject.TopicNameStrategy",
                "TopicNameStrategy", "topicnamestrategy", "TOPIC_NAME"}) {
            assertThat(SubjectNameStrategies.parse(KEY, name)).isEqualTo(SubjectNameStrategies.TOPIC_NAME);
        }
        assertThat(SubjectNameStrategies.parse(KEY, "io.confluent.kafka.serializers.subject.RecordNameStrategy"))
                .isEqualTo(SubjectNameStrategies.RECORD_NAME);
        assertThat(SubjectNameStrategies.parse(KEY, " TopicRecordNameStrategy "))
                .isEqualTo(SubjectNameStrategies.TOPIC_RECORD_NAME);
    }

    @Test
    void namesSubjectsAsConfluentDoes() {
        assertThat(SubjectNameStrategies.TOPIC_NAME.subjectName("t", false, EVENT)).isEqualTo("t-value");
        assertThat(SubjectNameStrategies.TOPIC_NAME.subjectName("t", true, EVENT)).isEqualTo("t-key");
        assertThat(SubjectNameStrategies.RECORD_NAME.subjectName("t", false, EVENT))
                .isEqualTo("io.shiplog.events.ImageEvent");
        assertThat(SubjectNameStrategies.TOPIC_RECORD_NAME.subjectName("t", true, EVENT))
                .isEqualTo("t-io.shiplog.events.ImageEvent");
    }

    @Test
    void acceptsAClassImplementingTheStrategyInterface() {
        SubjectNameStrategy strategy = SubjectNameStrategies.parse(KEY, UpperCaseStrategy.class.getName());

        assertThat(strategy.subjectName("t", false, EVENT)).isEqualTo("T");
    }

    @Test
    void rejectsAClassThatIsNotAStrategy() {
        assertThatThrownBy(() -> SubjectNameStrategies.parse(KEY, String.class.getName()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(KEY).hasMessageContaining("does not implement");
    }

    /** A custom strategy for the test above. */
    public static final class UpperCaseStrategy implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return topic.toUpperCase();
        }
    }
}
