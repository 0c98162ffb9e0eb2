package io.shiplog.local.schemaregistry;

/** Small Avro record schemas for tests, written as JSON text. */
final class AvroRecords {

    private AvroRecords() {
    }

    /** A record named {@code name} with the given field declarations, e.g. {@code field("id", "\"string\"")}. */
    static String record(String name, String... fields) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"io.shiplog.test\",\"fields\":["
                + String.join(",", fields) + "]}";
    }

    static String field(String name, String type) {
        return "{\"name\":\"" + name + "\",\"type\":" + type + "}";
    }

    static String field(String name, String type, String defaultValue) {
        return "{\"name\":\"" + name + "\",\"type\":" + type + ",\"default\":" + defaultValue + "}";
    }

    static final String STRING = "\"string\"";
    static final String INT = "\"int\"";
    static final String OPTIONAL_STRING = "[\"null\",\"string\"]";
}
