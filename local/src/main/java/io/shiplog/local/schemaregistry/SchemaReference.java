package io.shiplog.local.schemaregistry;

/** A named Avro type that a schema takes from another subject's version, as in Confluent's {@code references}. */
record SchemaReference(String name, String subject, int version) {
}
