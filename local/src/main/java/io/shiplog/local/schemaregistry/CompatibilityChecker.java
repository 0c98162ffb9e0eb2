package io.shiplog.local.schemaregistry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Decides compatibility with Avro's own {@link SchemaCompatibility} and words the result like Confluent's
 * registry: one {@code {errorType:…, description:…, additionalInfo:…}} entry per incompatibility, then the old
 * version, the old schema and the level.
 */
final class CompatibilityChecker {

    /** A live version the candidate is checked against. */
    record Previous(int version, Schema schema) {
    }

    private CompatibilityChecker() {
    }

    /**
     * Checks {@code candidate} against {@code previous} (oldest first) under {@code level}: only the newest for
     * non-transitive levels, all of them for transitive ones, none for NONE. Returns an empty list when compatible.
     */
    static List<String> check(CompatibilityLevel level, Schema candidate, List<Previous> previous) {
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return List.of();
        }
        int oldest = level.transitive ? 0 : previous.size() - 1;
        List<String> messages = new ArrayList<>();
        for (int i = previous.size() - 1; i >= oldest; i--) {
            Previous old = previous.get(i);
            List<String> found = new ArrayList<>();
            if (level.newReadsOld) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()), true, found);
            }
            if (level.oldReadsNew) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate), false, found);
            }
            if (!found.isEmpty()) {
                messages.addAll(found);
                messages.add("{oldSchemaVersion: " + old.version() + "}");
                messages.add("{oldSchema: '" + old.schema() + "'}");
            }
        }
        if (!messages.isEmpty()) {
            messages.add("{compatibility: '" + level + "'}");
        }
        return messages;
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility pair, boolean newIsReader,
            List<String> into) {
        for (Incompatibility i : pair.getResult().getIncompatibilities()) {
            String description = newIsReader
                    ? "The new schema cannot read data written with the old schema at path '" + i.getLocation() + "'"
                    : "The old schema cannot read data written with the new schema at path '" + i.getLocation() + "'";
            into.add("{errorType:'" + i.getType() + "', description:'" + description + "', additionalInfo:'"
                    + i.getMessage() + "'}");
        }
    }
}
