package io.shiplog.local.schemaregistry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The schema part of a register, lookup or compatibility request: {@code {"schema", "schemaType"?, "references"?}}. */
record SchemaInput(String schema, List<SchemaReference> references) {

    SchemaInput {
        references = List.copyOf(references);
    }

    /** Reads a request body; throws 42201 naming the offending field. */
    static SchemaInput fromJson(JsonNode body) {
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual() || schema.asText().isBlank()) {
            throw RegistryException.invalidSchema("the request needs a non-empty string field \"schema\"", null);
        }
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull()
                && !(type.isTextual() && type.asText().toUpperCase(Locale.ROOT).equals("AVRO"))) {
            throw RegistryException.invalidSchema("schemaType " + type + " is not supported; this registry"
                    + " accepts AVRO only", null);
        }
        return new SchemaInput(schema.asText(), references(body.get("references")));
    }

    private static List<SchemaReference> references(JsonNode refs) {
        if (refs == null || refs.isNull()) {
            return List.of();
        }
        if (!refs.isArray()) {
            throw RegistryException.invalidSchema("\"references\" must be an array of {name, subject, version}",
                    null);
        }
        List<SchemaReference> result = new ArrayList<>();
        for (JsonNode ref : refs) {
            JsonNode name = ref.get("name");
            JsonNode subject = ref.get("subject");
            JsonNode version = ref.get("version");
            if (name == null || !name.isTextual() || subject == null || !subject.isTextual()
                    || version == null || !version.canConvertToInt()
                    || version.asInt() < 1 && version.asInt() != -1) {
                throw RegistryException.invalidSchema("reference " + ref + " needs a string \"name\", a string"
                        + " \"subject\" and a positive int \"version\" (or -1 for latest)", null);
            }
            result.add(new SchemaReference(name.asText(), subject.asText(), version.asInt()));
        }
        return result;
    }
}
