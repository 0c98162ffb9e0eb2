package io.shiplog.schemas.event;

import io.shiplog.events.Meta;

/**
 * The event some work answers (a tag found, a commit, a command), so the events the work writes carry its release
 * on: {@link MetaFactory#causedBy(String, String)} takes both ids.
 *
 * @param correlationId the release the event belongs to
 * @param eventId       the causing event's own id; null when the work has no single causing event
 */
public record EventCause(String correlationId, String eventId) {

    /** A new release and a new event id: the identity of an event that starts a release of its own. */
    public static EventCause root() {
        String id = java.util.UUID.randomUUID().toString();
        return new EventCause(id, id);
    }

    /** The cause named by an event's {@code meta}. */
    public static EventCause of(Meta meta) {
        return new EventCause(meta.getCorrelationId(), meta.getEventId());
    }
}
