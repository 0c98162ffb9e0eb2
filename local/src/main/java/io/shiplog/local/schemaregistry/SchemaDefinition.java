package io.shiplog.local.schemaregistry;

import java.util.List;

/**
 * A schema as the registry stores and compares it: Avro's compact canonical JSON plus the references it was parsed
 * with. Two registrations get the same global id exactly when their definitions are equal.
 */
record SchemaDefinition(String schema, List<SchemaReference> references) {

    SchemaDefinition {
        references = List.copyOf(references);
    }
}
