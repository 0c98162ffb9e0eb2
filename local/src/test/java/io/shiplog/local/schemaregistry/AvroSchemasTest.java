package io.shiplog.local.schemaregistry;

import static io.shiplog.local.schemaregistry.AvroRecords.STRING;
import static io.shiplog.local.schemaregistry.AvroRecords.field;
import static io.shiplog.local.schemaregistry.AvroRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.local.schemaregistry.LogRecord.Registered;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvroSchemasTest {

    private final AvroSchemas avro = new AvroSchemas();

    @Test
    void canonicalFormIgnoresWhitespaceSoEqualSchemasCompareEqual() {
        RegistryState state = new RegistryState();
        String compact = record("Order", field("id", STRING));
        String spaced = compact.replace(",", ",\n   ").replace(":", " : ");

        assertThat(avro.parse(spaced, List.of(), state).definition())
                .isEqualTo(avro.parse(compact, List.of(), state).definition());
    }

    @Test
    void referencedNamedTypesResolveAndStayReferencedInTheCanonicalForm() {
        RegistryState state = new RegistryState();
        String meta = record("Meta", field("eventId", STRING));
        state.apply(0, new Registered("meta-value", 1, 1,
                avro.parse(meta, List.of(), state).definition(), 0, "n"));
        List<SchemaReference> refs = List.of(new SchemaReference("io.shiplog.test.Meta", "meta-value", 1));

        AvroSchemas.Parsed parsed = avro.parse(record("Envelope", field("meta", "\"Meta\"")), refs, state);

        assertThat(parsed.schema().getField("meta").schema().getField("eventId")).isNotNull();
        assertThat(parsed.definition().schema()).contains("\"type\":\"Meta\"").doesNotContain("eventId");
        assertThat(parsed.definition().references()).isEqualTo(refs);
    }

    @Test
    void invalidSchemasAndMissingReferencesGive42201NamingTheProblem() {
        RegistryState state = new RegistryState();
        assertThatThrownBy(() -> avro.parse("{\"type\":\"record\",\"name\":\"X\"}", List.of(), state))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201))
                .hasMessageContaining("Record has no fields");
        assertThatThrownBy(() -> avro.parse(record("X", field("m", "\"Meta\"")),
                List.of(new SchemaReference("Meta", "meta-value", 4)), state))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201))
                .hasMessageContaining("meta-value").hasMessageContaining("version 4");
    }
}
