package io.shiplog.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Confluent's framing of a serialized datum: magic byte 0, the schema id as 4 bytes big-endian, the Avro binary. */
final class WireFormat {

    static final byte MAGIC = 0;
    static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** The schema id of a framed payload; an {@link IllegalArgumentException} saying what is wrong otherwise. */
    static int schemaId(byte[] payload) {
        if (payload.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("payload of " + payload.length + (payload.length == 1 ? " byte" : " bytes")
                    + " is too short for the Confluent wire format (magic byte, 4-byte schema id, Avro data)");
        }
        if (payload[0] != MAGIC) {
            throw new IllegalArgumentException("unknown magic byte 0x" + HexFormat.of().toHexDigits(payload[0])
                    + " (expected 0x00): not Confluent-framed Avro");
        }
        return ((payload[1] & 0xff) << 24) | ((payload[2] & 0xff) << 16) | ((payload[3] & 0xff) << 8)
                | (payload[4] & 0xff);
    }

    /** Writes the header for {@code schemaId} to {@code out}. */
    static void writeHeader(int schemaId, ByteArrayOutputStream out) {
        out.write(MAGIC);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }
}
