package io.shiplog.local.schemaregistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shiplog.local.schemaregistry.LogRecord.ConfigChanged;
import io.shiplog.local.schemaregistry.LogRecord.Registered;
import io.shiplog.local.schemaregistry.LogRecord.VersionDeleted;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON keys and values of the {@code _schemas} topic. Keys are written with a fixed field order, so one logical key
 * is always the same bytes and compaction sees it as one key.
 */
final class LogRecordCodec {

    /** A key and a value ({@code null} for a tombstone) as stored in Kafka. */
    record Encoded(String key, String value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogRecordCodec() {
    }

    static Encoded encode(LogRecord record) {
        if (record instanceof Registered r) {
            ObjectNode key = key("register", r.subject());
            key.put("version", r.version()).put("id", r.id()).put("nonce", r.nonce());
            ObjectNode value = JSON.createObjectNode()
                    .put("subject", r.subject()).put("version", r.version()).put("id", r.id())
                    .put("schemaType", "AVRO").put("schema", r.schema().schema()).put("basedOn", r.basedOn());
            ArrayNode refs = value.putArray("references");
            for (SchemaReference ref : r.schema().references()) {
                refs.addObject().put("name", ref.name()).put("subject", ref.subject()).put("version", ref.version());
            }
            return new Encoded(write(key), write(value));
        }
        if (record instanceof VersionDeleted d) {
            ObjectNode key = key(d.permanent() ? "hard-delete" : "soft-delete", d.subject()).put("version", d.version());
            ObjectNode value = JSON.createObjectNode().put("subject", d.subject()).put("version", d.version());
            return new Encoded(write(key), write(value));
        }
        ConfigChanged c = (ConfigChanged) record;
        String value = c.level() == null ? null
                : write(JSON.createObjectNode().put("compatibilityLevel", c.level().name()));
        return new Encoded(write(key("config", c.subject())), value);
    }

    /** Decodes one stored record; throws {@link IllegalArgumentException} naming the problem for foreign records. */
    static LogRecord decode(String key, String value) {
        JsonNode k = read(key, "key");
        String kind = k.path("kind").asText("");
        switch (kind) {
            case "register" -> {
                JsonNode v = read(required(value, kind), "value");
                List<SchemaReference> refs = new ArrayList<>();
                for (JsonNode ref : v.path("references")) {
                    refs.add(new SchemaReference(text(ref, "name"), text(ref, "subject"), number(ref, "version")));
                }
                return new Registered(text(v, "subject"), number(v, "version"), number(v, "id"),
                        new SchemaDefinition(text(v, "schema"), refs), v.path("basedOn").asLong(-1),
                        text(k, "nonce"));
            }
            case "soft-delete", "hard-delete" -> {
                JsonNode v = read(required(value, kind), "value");
                return new VersionDeleted(text(v, "subject"), number(v, "version"), kind.equals("hard-delete"));
            }
            case "config" -> {
                String subject = k.path("subject").isTextual() ? k.get("subject").asText() : null;
                if (value == null) {
                    return new ConfigChanged(subject, null);
                }
                JsonNode v = read(value, "value");
                return new ConfigChanged(subject, CompatibilityLevel.valueOf(text(v, "compatibilityLevel")));
            }
            default -> throw new IllegalArgumentException("unknown record kind '" + kind + "'");
        }
    }

    private static ObjectNode key(String kind, String subject) {
        ObjectNode key = JSON.createObjectNode().put("kind", kind);
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        return key;
    }

    private static String required(String value, String kind) {
        if (value == null) {
            throw new IllegalArgumentException("'" + kind + "' record without a value");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode f = node.get(field);
        if (f == null || !f.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' missing or not a string");
        }
        return f.asText();
    }

    private static int number(JsonNode node, String field) {
        JsonNode f = node.get(field);
        if (f == null || !f.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "' missing or not an int");
        }
        return f.asInt();
    }

    private static JsonNode read(String json, String what) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(what + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
