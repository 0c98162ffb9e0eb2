package io.shiplog.schemas.cdevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * An Avro datum (generic or specific) as JSON: records as objects, enums as their symbol, timestamps as ISO-8601
 * text whether they were decoded as {@link Instant} or as epoch milliseconds, bytes as base64.
 */
final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    static JsonNode of(Object datum, Schema schema) {
        if (datum == null) {
            return NODES.nullNode();
        }
        Schema type = branch(schema, datum);
        if (datum instanceof IndexedRecord record) {
            ObjectNode object = NODES.objectNode();
            for (Schema.Field field : record.getSchema().getFields()) {
                object.set(field.name(), of(record.get(field.pos()), field.schema()));
            }
            return object;
        }
        if (datum instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            Schema itemSchema = type != null && type.getType() == Schema.Type.ARRAY ? type.getElementType() : null;
            items.forEach(item -> array.add(of(item, itemSchema)));
            return array;
        }
        if (datum instanceof Map<?, ?> entries) {
            ObjectNode object = NODES.objectNode();
            Schema valueSchema = type != null && type.getType() == Schema.Type.MAP ? type.getValueType() : null;
            entries.forEach((key, value) -> object.set(String.valueOf(key), of(value, valueSchema)));
            return object;
        }
        if (datum instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        }
        if (datum instanceof Long millis && type != null
                && type.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return NODES.textNode(Instant.ofEpochMilli(millis).toString());
        }
        if (datum instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (datum instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (datum instanceof Float number) {
            return NODES.numberNode(number);
        }
        if (datum instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (datum instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (datum instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] raw = new byte[copy.remaining()];
            copy.get(raw);
            return NODES.textNode(Base64.getEncoder().encodeToString(raw));
        }
        if (datum instanceof GenericFixed fixed) {
            return NODES.textNode(Base64.getEncoder().encodeToString(fixed.bytes()));
        }
        return NODES.textNode(datum.toString());
    }

    /** The branch of a union that a datum belongs to, as far as the JSON rendering needs it. */
    private static Schema branch(Schema schema, Object datum) {
        if (schema == null || schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        for (Schema candidate : schema.getTypes()) {
            if (candidate.getType() == Schema.Type.LONG && datum instanceof Long
                    || candidate.getType() == Schema.Type.ARRAY && datum instanceof Collection<?>
                    || candidate.getType() == Schema.Type.MAP && datum instanceof Map<?, ?>) {
                return candidate;
            }
        }
        return null;
    }
}
