package io.shiplog.auditor.notify;

import io.shiplog.auditor.config.NotificationProperties.Severity;
import io.shiplog.schemas.cdevents.CloudEvent;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event of the release log as a notification says it: what happened (a title), how bad it is, where (clusters,
 * apps), what (images, commit), which release it belongs to and the link to its trace, plus the event as a
 * CloudEvent for CloudEvents receivers.
 *
 * @param eventId    the event's id; receivers may dedupe on it
 * @param type       the Shiplog event type ({@code ApplyCompleted}, …)
 * @param releaseId  the release (correlation id) the event belongs to
 * @param commit     the configuration commit, or null
 * @param link       the release's trace in the web view, or null when no web base URL is configured
 * @param facts      further labelled values shown as they are (reason, message, field paths, …)
 */
record Notice(String eventId, String type, Severity severity, String title, Instant occurredAt, String releaseId,
              List<String> clusters, List<String> apps, List<String> images, String commit, String link,
              Map<String, String> facts, CloudEvent cloudEvent) {

    public Notice {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        clusters = List.copyOf(clusters);
        apps = List.copyOf(apps);
        images = List.copyOf(images);
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** The commit's first 12 characters, as people read it. */
    public String shortCommit() {
        return commit == null ? null : commit.substring(0, Math.min(12, commit.length()));
    }
}
