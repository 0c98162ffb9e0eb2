package io.shiplog.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.Utf8;

/** What the serde accepts and returns: Avro records (specific or generic), enums, fixed, and primitives. */
final class AvroDatum {

    private static final Map<Schema.Type, Schema> PRIMITIVES = new EnumMap<>(Schema.Type.class);

    static {
        for (Schema.Type type : new Schema.Type[] {Schema.Type.NULL, Schema.Type.BOOLEAN, Schema.Type.INT,
                Schema.Type.LONG, Schema.Type.FLOAT, Schema.Type.DOUBLE, Schema.Type.STRING, Schema.Type.BYTES}) {
            PRIMITIVES.put(type, Schema.create(type));
        }
    }

    private AvroDatum() {
    }

    /** The schema {@code datum} is written with; an {@link IllegalArgumentException} for unsupported types. */
    static Schema schemaOf(Object datum) {
        if (datum instanceof GenericContainer container) {
            return container.getSchema();
        }
        Schema.Type type;
        if (datum instanceof CharSequence) {
            type = Schema.Type.STRING;
        } else if (datum instanceof byte[] || datum instanceof ByteBuffer) {
            type = Schema.Type.BYTES;
        } else if (datum instanceof Integer) {
            type = Schema.Type.INT;
        } else if (datum instanceof Long) {
            type = Schema.Type.LONG;
        } else if (datum instanceof Boolean) {
            type = Schema.Type.BOOLEAN;
        } else if (datum instanceof Float) {
            type = Schema.Type.FLOAT;
        } else if (datum instanceof Double) {
            type = Schema.Type.DOUBLE;
        } else {
            throw new IllegalArgumentException("cannot write a " + datum.getClass().getName() + " as Avro: expected "
                    + "a SpecificRecord, GenericRecord, Avro enum or fixed, CharSequence, byte[], ByteBuffer, "
                    + "Integer, Long, Boolean, Float or Double");
        }
        return PRIMITIVES.get(type);
    }

    /** The datum as Avro's writers expect it ({@code byte[]} becomes a ByteBuffer). */
    static Object toAvro(Object datum) {
        return datum instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : datum;
    }

    /** A top-level decoded value as callers expect it: Utf8 becomes String, a ByteBuffer becomes byte[]. */
    static Object fromAvro(Object value) {
        if (value instanceof Utf8 utf8) {
            return utf8.toString();
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        return value;
    }

    /** True when {@code datum} is a generated class (its logical types use the class's own conversions). */
    static boolean isSpecific(Object datum) {
        return datum instanceof SpecificRecord || datum instanceof Enum<?>;
    }

    /** A writer for data of {@code schema}, specific (generated classes) or generic. */
    static DatumWriter<Object> writer(Schema schema, boolean specific) {
        return specific ? new SpecificDatumWriter<>(schema) : new GenericDatumWriter<>(schema, GenericData.get());
    }

    /**
     * {@code datum} (written with {@code writer}) re-read as a generic datum of {@code target}, by Avro schema
     * resolution: fields only in {@code target} take their defaults, fields only in the datum are dropped.
     */
    static Object resolve(Object datum, DatumWriter<Object> writer, Schema writerSchema, Schema target)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(toAvro(datum), encoder);
        encoder.flush();
        GenericDatumReader<Object> reader = new GenericDatumReader<>(writerSchema, target, GenericData.get());
        return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
