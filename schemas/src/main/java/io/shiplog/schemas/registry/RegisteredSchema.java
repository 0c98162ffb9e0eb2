package io.shiplog.schemas.registry;

import org.apache.avro.Schema;

/** One version of a subject: its subject, global id, version number within the subject and schema. */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
}
