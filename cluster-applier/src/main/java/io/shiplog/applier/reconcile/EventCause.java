package io.shiplog.applier.reconcile;

/**
 * The event a reconciliation answers (a commit event or a command), so its events carry the release on.
 *
 * @param correlationId the release
 * @param eventId       the causing event
 */
public record EventCause(String correlationId, String eventId) {
}
