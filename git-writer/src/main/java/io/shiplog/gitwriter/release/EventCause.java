package io.shiplog.gitwriter.release;

/** The event that caused some work: its release (correlation id) and its own event id. */
public record EventCause(String correlationId, String eventId) {
}
