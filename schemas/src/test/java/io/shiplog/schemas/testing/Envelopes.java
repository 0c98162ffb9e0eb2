package io.shiplog.schemas.testing;

import io.shiplog.events.Meta;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicSpec;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Envelopes as the topics carry them: every value is one record of {@code meta} and a {@code payload} union, and
 * the payload's type says the topic. Builds metas at given times, wraps a payload in its topic's envelope and reads
 * both back out of whatever a topic returned.
 */
public final class Envelopes {

    /** The producer named in the metas built here. */
    public static final String PRODUCER = "test/support";

    private Envelopes() {
    }

    /** A root event's meta at {@code at}: a new id that is also its correlation id (it starts a release). */
    public static Meta meta(Instant at) {
        String id = UUID.randomUUID().toString();
        return meta(id, at, id, null);
    }

    /** A meta with every id given ({@code causationId} null for a root event). */
    public static Meta meta(String eventId, Instant at, String correlationId, String causationId) {
        return Meta.newBuilder().setEventId(eventId).setOccurredAt(at).setProducer(PRODUCER)
                .setCorrelationId(correlationId).setCausationId(causationId).build();
    }

    /** The topic whose envelope's payload union holds {@code payload}'s type. */
    public static TopicSpec topicOf(SpecificRecord payload) {
        String type = payload.getSchema().getFullName();
        for (TopicSpec topic : TopicCatalogue.all()) {
            Schema union = payloadUnion(topic);
            if (union != null && union.getTypes().stream().anyMatch(t -> t.getFullName().equals(type))) {
                return topic;
            }
        }
        throw new IllegalArgumentException(type + " is the payload of no topic's envelope");
    }

    /** {@code payload} in its topic's envelope with {@code meta}. */
    public static SpecificRecord wrap(Meta meta, SpecificRecord payload) {
        Schema envelope = topicOf(payload).valueSchema();
        SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, envelope);
        record.put(envelope.getField("meta").pos(), meta);
        record.put(envelope.getField("payload").pos(), payload);
        return record;
    }

    /** The payload of an envelope; any other value (a dead letter, a tombstone's null) as it is. */
    public static Object payloadOf(Object value) {
        return isEnvelope(value) ? ((GenericRecord) value).get("payload") : value;
    }

    /** The meta of an envelope; null for any other value. */
    public static Meta metaOf(Object value) {
        return isEnvelope(value) ? (Meta) ((GenericRecord) value).get("meta") : null;
    }

    private static boolean isEnvelope(Object value) {
        return value instanceof GenericRecord record && record.getSchema().getField("payload") != null
                && record.getSchema().getField("meta") != null;
    }

    private static Schema payloadUnion(TopicSpec topic) {
        Schema.Field payload = topic.valueSchema().getField("payload");
        return payload == null || payload.schema().getType() != Schema.Type.UNION ? null : payload.schema();
    }
}
