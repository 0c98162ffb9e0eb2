package io.shiplog.schemas.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The evolution rule of schemas/README.md, checked on every build without a registry. */
class EventSchemasTest {

    /** One directory per release ({@code v1}, {@code v2}, …) holding every envelope as it was released. */
    private static final String RELEASED = "/released";

    static List<TopicSpec> topics() {
        return TopicCatalogue.all();
    }

    @ParameterizedTest
    @MethodSource("topics")
    void everyEnvelopeCarriesMetaAndAPayloadUnion(TopicSpec topic) {
        Schema schema = topic.valueSchema();
        assertThat(schema.getField("meta").schema().getFullName()).isEqualTo("io.shiplog.events.Meta");
        if (!topic.name().equals("shiplog.dlq")) {
            assertThat(schema.getField("payload").schema().getType()).isEqualTo(Schema.Type.UNION);
        }
    }

    @ParameterizedTest
    @MethodSource("topics")
    void everyNullableFieldDefaultsToNullAndEveryEnumHasADefault(TopicSpec topic) {
        List<String> violations = new ArrayList<>();
        walk(topic.valueSchema(), new HashSet<>(), violations);
        assertThat(violations).as("fields breaking the evolution rule in %s", topic.name()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("topics")
    void currentSchemaReadsEveryRecordWrittenWithEveryReleasedSchema(TopicSpec topic) throws Exception {
        List<Path> releases = releasedVersions();
        assertThat(releases).as("released schema versions under %s", RELEASED).isNotEmpty();
        for (Path release : releases) {
            Path file = release.resolve(topic.valueSchema().getName() + ".avsc");
            assertThat(file).as("released schema %s", file).exists();
            Schema writer = new Schema.Parser().parse(file.toFile());
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(topic.valueSchema(), writer);
            assertThat(result.getType())
                    .as("%s must read %s: %s", topic.name(), file, result.getResult().getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    private static List<Path> releasedVersions() throws Exception {
        Path root = Path.of(EventSchemasTest.class.getResource(RELEASED).toURI());
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static void walk(Schema schema, Set<String> seen, List<String> violations) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                for (Schema.Field field : schema.getFields()) {
                    Schema type = field.schema();
                    if (type.isNullable() && type.getType() == Schema.Type.UNION
                            && (!field.hasDefaultValue() || field.defaultVal() != JsonProperties.NULL_VALUE)) {
                        violations.add(schema.getName() + "." + field.name() + " is nullable without default null");
                    }
                    walk(type, seen, violations);
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && schema.getEnumDefault() == null) {
                    violations.add("enum " + schema.getName() + " has no default symbol");
                }
            }
            case UNION -> schema.getTypes().forEach(t -> walk(t, seen, violations));
            case ARRAY -> walk(schema.getElementType(), seen, violations);
            case MAP -> walk(schema.getValueType(), seen, violations);
            default -> {
            }
        }
    }
}
