package io.shiplog.schemas.serde;

import org.apache.avro.Schema;

/** Chooses the registry subject a key or value schema is registered and looked up under. */
@FunctionalInterface
public interface SubjectNameStrategy {

    /** The subject for {@code schema} written as the key ({@code isKey}) or the value of {@code topic}. */
    String subjectName(String topic, boolean isKey, Schema schema);
}
