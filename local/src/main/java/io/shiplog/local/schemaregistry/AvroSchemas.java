package io.shiplog.local.schemaregistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Parses Avro schemas with their references resolved from the registry state, and gives each its canonical form.
 * Parsed stored schemas are cached by id (an id's schema never changes).
 */
final class AvroSchemas {

    /** A parsed schema and the definition under which the registry stores it. */
    record Parsed(Schema schema, SchemaDefinition definition) {
    }

    private final Map<Integer, Schema> parsedById = new ConcurrentHashMap<>();

    /** Parses a schema offered by a client; throws 42201 naming the problem if it or a reference is invalid. */
    Parsed parse(String text, List<SchemaReference> references, RegistryState state) {
        Schema.Parser parser = new Schema.Parser();
        List<Schema> referenced = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SchemaReference ref : references) {
            SubjectVersion target = resolveForNewSchema(ref, state);
            addReferenced(parser, target, state, referenced, seen);
            if (!parser.getTypes().containsKey(ref.name())) {
                throw RegistryException.invalidSchema("reference '" + ref.name() + "' names no type defined by"
                        + " subject '" + ref.subject() + "' version " + target.version(), null);
            }
        }
        Schema schema;
        try {
            schema = parser.parse(text);
        } catch (RuntimeException e) {
            throw RegistryException.invalidSchema(e.getMessage(), e);
        }
        return new Parsed(schema, new SchemaDefinition(canonical(schema, referenced), references));
    }

    /** The Avro schema bound to {@code id}, which the caller knows to exist in {@code state}. */
    Schema stored(int id, RegistryState state) {
        return parsedById.computeIfAbsent(id, key -> {
            SchemaDefinition definition = state.schema(key).orElseThrow(() -> RegistryException.schemaNotFound(key));
            Schema.Parser parser = new Schema.Parser();
            List<Schema> referenced = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (SchemaReference ref : definition.references()) {
                addReferenced(parser, resolveStored(ref, state), state, referenced, seen);
            }
            try {
                return parser.parse(definition.schema());
            } catch (RuntimeException e) {
                throw RegistryException.storeError("stored schema " + key + " no longer parses: " + e.getMessage(), e);
            }
        });
    }

    private void addReferenced(Schema.Parser parser, SubjectVersion target, RegistryState state,
            List<Schema> referenced, Set<String> seen) {
        if (!seen.add(target.subject() + "\u0000" + target.version())) {
            return;
        }
        SchemaDefinition definition = state.schema(target.id())
                .orElseThrow(() -> RegistryException.schemaNotFound(target.id()));
        for (SchemaReference nested : definition.references()) {
            addReferenced(parser, resolveStored(nested, state), state, referenced, seen);
        }
        try {
            referenced.add(parser.parse(definition.schema()));
        } catch (RuntimeException e) {
            throw RegistryException.invalidSchema("referenced subject '" + target.subject() + "' version "
                    + target.version() + " does not combine with the other references: " + e.getMessage(), e);
        }
    }

    private static SubjectVersion resolveForNewSchema(SchemaReference ref, RegistryState state) {
        if (ref.version() == -1) {
            List<SubjectVersion> live = state.versions(ref.subject(), false);
            if (live.isEmpty()) {
                throw RegistryException.invalidSchema("reference '" + ref.name() + "' to subject '" + ref.subject()
                        + "' latest version: the subject has no live version", null);
            }
            return live.get(live.size() - 1);
        }
        return state.version(ref.subject(), ref.version())
                .filter(v -> v.state() != VersionState.HARD_DELETED)
                .orElseThrow(() -> RegistryException.invalidSchema("reference '" + ref.name() + "' to subject '"
                        + ref.subject() + "' version " + ref.version() + ": no such version", null));
    }

    private static SubjectVersion resolveStored(SchemaReference ref, RegistryState state) {
        if (ref.version() == -1) {
            return resolveForNewSchema(ref, state);
        }
        return state.version(ref.subject(), ref.version()).orElseThrow(() -> RegistryException.storeError(
                "reference to subject '" + ref.subject() + "' version " + ref.version() + " is missing", null));
    }

    @SuppressWarnings("deprecation") // the only Avro 1.12 API that prints a schema without inlining referenced types
    private static String canonical(Schema schema, List<Schema> referenced) {
        return referenced.isEmpty() ? schema.toString() : schema.toString(referenced, false);
    }
}
