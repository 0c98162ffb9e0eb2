package io.shiplog.auditor.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.events.ApplyEvent;
import java.util.HashSet;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class FutureFieldCounterTest {

    @Test
    void countsFieldsOnlyANewerWriterHasAtAnyDepth() {
        String json = ApplyEvent.getClassSchema().toString()
                .replaceFirst("\\{\"name\":\"eventId\"", "{\"name\":\"tenant\",\"type\":\"string\",\"default\":\"\"},"
                        + "{\"name\":\"eventId\"")
                .replaceFirst("\\{\"name\":\"durationMs\"", "{\"name\":\"wave\",\"type\":\"int\",\"default\":0},"
                        + "{\"name\":\"durationMs\"");
        Schema writer = new Schema.Parser().parse(json);
        assertThat(FutureFieldCounter.count(writer, ApplyEvent.getClassSchema(), new HashSet<>())).isEqualTo(2);
    }

    @Test
    void theCurrentSchemaHasNoUnknownFields() {
        assertThat(FutureFieldCounter.count(ApplyEvent.getClassSchema(), ApplyEvent.getClassSchema(),
                new HashSet<>())).isZero();
    }
}
