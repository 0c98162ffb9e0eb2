package io.shiplog.local.schemaregistry;

import static io.shiplog.local.schemaregistry.AvroRecords.INT;
import static io.shiplog.local.schemaregistry.AvroRecords.OPTIONAL_STRING;
import static io.shiplog.local.schemaregistry.AvroRecords.STRING;
import static io.shiplog.local.schemaregistry.AvroRecords.field;
import static io.shiplog.local.schemaregistry.AvroRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.local.schemaregistry.CompatibilityChecker.Previous;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityCheckerTest {

    private static final Schema V1 = parse(record("Order", field("id", STRING)));
    private static final Schema WITH_OPTIONAL = parse(record("Order", field("id", STRING),
            field("note", OPTIONAL_STRING, "null")));
    private static final Schema WITH_REQUIRED = parse(record("Order", field("id", STRING), field("qty", INT)));
    private static final Schema ID_AS_INT = parse(record("Order", field("id", INT)));

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    private static List<String> check(CompatibilityLevel level, Schema candidate, Schema... previous) {
        List<Previous> versions = new ArrayList<>();
        for (int i = 0; i < previous.length; i++) {
            versions.add(new Previous(i + 1, previous[i]));
        }
        return CompatibilityChecker.check(level, candidate, versions);
    }

    @Test
    void backwardAcceptsAnAddedFieldWithDefaultAndRefusesOneWithout() {
        assertThat(check(CompatibilityLevel.BACKWARD, WITH_OPTIONAL, V1)).isEmpty();
        assertThat(check(CompatibilityLevel.BACKWARD, WITH_REQUIRED, V1))
                .anySatisfy(m -> assertThat(m).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("/fields/1"))
                .contains("{oldSchemaVersion: 1}", "{compatibility: 'BACKWARD'}");
    }

    @Test
    void changingATypeIsRefusedNamingTheMismatchAndItsLocation() {
        assertThat(check(CompatibilityLevel.BACKWARD, ID_AS_INT, V1))
                .anySatisfy(m -> assertThat(m).contains("TYPE_MISMATCH").contains("/fields/0/type"));
    }

    @Test
    void forwardLetsOldReadersIgnoreNewFieldsButNotMissRequiredOnes() {
        assertThat(check(CompatibilityLevel.FORWARD, WITH_REQUIRED, V1)).isEmpty();
        assertThat(check(CompatibilityLevel.FORWARD, V1, WITH_REQUIRED))
                .anySatisfy(m -> assertThat(m).contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                        .contains("The old schema cannot read data written with the new schema"));
    }

    @Test
    void fullNeedsBothDirections() {
        assertThat(check(CompatibilityLevel.FULL, WITH_OPTIONAL, V1)).isEmpty();
        assertThat(check(CompatibilityLevel.FULL, WITH_REQUIRED, V1)).isNotEmpty();
        assertThat(check(CompatibilityLevel.FULL, V1, WITH_REQUIRED)).isNotEmpty();
    }

    @Test
    void nonTransitiveLevelsCheckOnlyTheLatestVersionAndTransitiveOnesCheckAll() {
        Schema first = parse(record("Order", field("x", STRING)));
        Schema second = parse(record("Order", field("y", INT, "0")));
        Schema third = parse(record("Order", field("y", INT, "0"), field("x", INT, "0")));

        assertThat(check(CompatibilityLevel.BACKWARD, third, first, second)).isEmpty();
        assertThat(check(CompatibilityLevel.BACKWARD_TRANSITIVE, third, first, second))
                .anySatisfy(m -> assertThat(m).contains("TYPE_MISMATCH"))
                .contains("{oldSchemaVersion: 1}")
                .doesNotContain("{oldSchemaVersion: 2}");
    }

    @Test
    void noneAcceptsAnythingAndAFirstVersionIsAlwaysCompatible() {
        assertThat(check(CompatibilityLevel.NONE, ID_AS_INT, V1)).isEmpty();
        assertThat(check(CompatibilityLevel.FULL_TRANSITIVE, ID_AS_INT)).isEmpty();
    }

    @Test
    void levelsParseCaseInsensitivelyAndRefuseUnknownNamesWith42203() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(42203);
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("SIDEWAYS");
                });
    }
}
