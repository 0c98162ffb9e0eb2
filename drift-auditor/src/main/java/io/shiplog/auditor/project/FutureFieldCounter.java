package io.shiplog.auditor.project;

import io.shiplog.schemas.registry.SchemaRegistryClient;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * How many fields a record's writer schema has that this service's schema does not know (a producer on a newer
 * schema version): Avro resolution drops them, and the projection counts them. Computed once per schema id.
 */
public final class FutureFieldCounter {

    private final SchemaRegistryClient registry;
    private final Map<Integer, Integer> unknownFieldsById = new ConcurrentHashMap<>();

    public FutureFieldCounter(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** Fields of the writer schema {@code schemaId} that {@code reader} lacks; 0 when the id cannot be read. */
    int unknownFields(int schemaId, Schema reader) {
        return unknownFieldsById.computeIfAbsent(schemaId, id -> {
            try {
                return count(registry.schemaById(id), reader, new HashSet<>());
            } catch (RuntimeException e) {
                return 0;
            }
        });
    }

    /** Fields in {@code writer} (recursively through records, unions, arrays and maps) missing from {@code reader}. */
    static int count(Schema writer, Schema reader, Set<String> seen) {
        if (writer == null || reader == null) {
            return 0;
        }
        switch (writer.getType()) {
            case RECORD -> {
                if (reader.getType() != Schema.Type.RECORD || !seen.add(writer.getFullName())) {
                    return 0;
                }
                int unknown = 0;
                for (Schema.Field field : writer.getFields()) {
                    Schema.Field known = reader.getField(field.name());
                    if (known == null) {
                        known = reader.getFields().stream().filter(f -> f.aliases().contains(field.name()))
                                .findFirst().orElse(null);
                    }
                    unknown += known == null ? 1 : count(field.schema(), known.schema(), seen);
                }
                return unknown;
            }
            case UNION -> {
                int unknown = 0;
                for (Schema branch : writer.getTypes()) {
                    unknown += count(branch, matching(branch, reader), seen);
                }
                return unknown;
            }
            case ARRAY -> {
                return reader.getType() == Schema.Type.ARRAY ? count(writer.getElementType(),
                        reader.getElementType(), seen) : 0;
            }
            case MAP -> {
                return reader.getType() == Schema.Type.MAP ? count(writer.getValueType(), reader.getValueType(),
                        seen) : 0;
            }
            default -> {
                return 0;
            }
        }
    }

    private static Schema matching(Schema branch, Schema reader) {
        if (reader.getType() != Schema.Type.UNION) {
            return reader.getType() == branch.getType() ? reader : null;
        }
        for (Schema candidate : reader.getTypes()) {
            if (candidate.getType() == branch.getType() && (branch.getType() != Schema.Type.RECORD
                    || candidate.getFullName().equals(branch.getFullName()))) {
                return candidate;
            }
        }
        return null;
    }
}
