package io.shiplog.auditor.notify;

import io.shiplog.auditor.config.NotificationProperties.Severity;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.AuditFailed;
import io.shiplog.events.CommitFailed;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftResolved;
import io.shiplog.events.FieldDrift;
import io.shiplog.events.FileChange;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.Meta;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.events.ObjectResult;
import io.shiplog.events.TagDiscovered;
import io.shiplog.events.TagMoved;
import io.shiplog.events.UpdateSkipped;
import io.shiplog.schemas.cdevents.CdEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Kafka edge of notifications: a decoded envelope of the release log as a {@link Notice}. A completed apply is
 * a release reaching a cluster (its images, commit, cluster and workloads); failures, drift and skipped updates say
 * what went wrong where; any other event is named by its type and cluster.
 */
final class Notices {

    private final String webBaseUrl;

    /** @param webBaseUrl the web view's base URL, or null/blank for notifications without a link */
    Notices(String webBaseUrl) {
        this.webBaseUrl = webBaseUrl == null || webBaseUrl.isBlank() ? null : webBaseUrl.replaceAll("/+$", "");
    }

    /** The notice of an envelope; empty when the value is not an envelope with a payload. */
    Optional<Notice> of(String topic, String key, Object value) {
        if (!(value instanceof SpecificRecord envelope) || envelope.getSchema().getField("payload") == null
                || envelope.getSchema().getField("meta") == null) {
            return Optional.empty();
        }
        GenericRecord generic = (GenericRecord) envelope;
        Meta meta = (Meta) generic.get("meta");
        Object payload = generic.get("payload");
        Builder notice = new Builder(((SpecificRecord) payload).getSchema().getName());
        describe(notice, payload, key);
        String release = meta.getCorrelationId();
        String link = webBaseUrl == null ? null : webBaseUrl + "/ui/#/releases/" + release;
        return Optional.of(new Notice(meta.getEventId(), notice.type, notice.severity, notice.title,
                meta.getOccurredAt(), release, notice.clusters, notice.apps, List.copyOf(notice.images),
                notice.commit, link, notice.facts, CdEvents.cloudEvent(topic, key, generic)));
    }

    private static void describe(Builder notice, Object payload, String key) {
        if (payload instanceof ApplyCompleted completed) {
            notice.cluster(completed.getCluster());
            notice.commit = completed.getCommitSha();
            for (ObjectResult result : completed.getResults()) {
                boolean changed = result.getAction() == ObjectAction.CREATED
                        || result.getAction() == ObjectAction.CONFIGURED;
                if (!result.getImages().isEmpty() && !notice.apps.contains(result.getObject().getName())) {
                    notice.apps.add(result.getObject().getName());
                }
                if (changed) {
                    notice.images.addAll(result.getImages());
                }
            }
            if (notice.images.isEmpty()) {
                completed.getResults().forEach(r -> notice.images.addAll(r.getImages()));
            }
            String images = String.join(", ", notice.images.stream().map(i -> i.replaceFirst("@[a-z0-9]+:[0-9a-f]+$", ""))
                    .toList());
            if (completed.getStatus() == ApplyStatus.SUCCEEDED) {
                notice.severity = Severity.INFO;
                notice.title = "Released " + (images.isEmpty() ? "commit " + shortSha(completed.getCommitSha())
                        : images) + " to " + completed.getCluster();
            } else {
                notice.severity = completed.getStatus() == ApplyStatus.FAILED ? Severity.ERROR : Severity.WARNING;
                notice.title = "Release to " + completed.getCluster() + " "
                        + completed.getStatus().name().toLowerCase(Locale.ROOT).replace('_', ' ');
                List<String> failed = completed.getResults().stream()
                        .filter(r -> r.getAction() == ObjectAction.FAILED)
                        .map(r -> object(r.getObject()) + (r.getMessage() == null ? "" : ": " + r.getMessage()))
                        .limit(5).toList();
                if (!failed.isEmpty()) {
                    notice.facts.put("Failed", String.join("; ", failed));
                }
            }
        } else if (payload instanceof ApplyFailed failed) {
            notice.cluster(failed.getCluster());
            notice.commit = failed.getCommitSha();
            notice.severity = Severity.ERROR;
            notice.title = "Apply to " + failed.getCluster() + " failed: "
                    + failed.getReason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            notice.facts.put("Message", failed.getMessage());
            notice.facts.put("Attempt", String.valueOf(failed.getAttempt()));
        } else if (payload instanceof ManifestsCommitted committed) {
            notice.commit = committed.getSha();
            for (FileChange change : committed.getChanges()) {
                notice.images.add(change.getTo());
                if (change.getObject() != null && !notice.apps.contains(change.getObject().getName())) {
                    notice.apps.add(change.getObject().getName());
                }
            }
            notice.title = "Committed " + committed.getChanges().size() + " image update(s) to "
                    + committed.getConfigRepo();
            notice.facts.put("Repository", committed.getConfigRepo() + " (" + committed.getBranch() + ")");
        } else if (payload instanceof CommitObserved observed) {
            notice.commit = observed.getSha();
            notice.title = "Commit by " + observed.getAuthor().getName() + " on " + observed.getConfigRepo();
            notice.facts.put("Message", firstLine(observed.getMessage()));
        } else if (payload instanceof CommitFailed failed) {
            notice.severity = Severity.ERROR;
            notice.title = "Commit to " + failed.getConfigRepo() + " failed: "
                    + failed.getReason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            failed.getChanges().forEach(c -> notice.images.add(c.getTo()));
            notice.facts.put("Message", failed.getMessage());
            notice.facts.put("Will retry", String.valueOf(failed.getWillRetry()));
        } else if (payload instanceof UpdateSkipped skipped) {
            notice.severity = Severity.WARNING;
            notice.images.add(skipped.getRepository() + ":" + skipped.getTag());
            notice.title = "Update to " + skipped.getRepository() + ":" + skipped.getTag() + " skipped: "
                    + skipped.getReason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            notice.facts.put("Detail", skipped.getDetail());
        } else if (payload instanceof DriftDetected drift) {
            notice.cluster(drift.getCluster());
            notice.commit = drift.getCommitSha();
            notice.severity = Severity.WARNING;
            notice.apps.add(drift.getObject().getName());
            notice.title = "Drift in " + drift.getCluster() + ": " + object(drift.getObject()) + " "
                    + drift.getKind().name().toLowerCase(Locale.ROOT);
            List<String> paths = drift.getFields().stream().map(FieldDrift::getPath).limit(10).toList();
            if (!paths.isEmpty()) {
                notice.facts.put("Fields", String.join(", ", paths));
            }
        } else if (payload instanceof DriftResolved resolved) {
            notice.cluster(resolved.getCluster());
            notice.apps.add(resolved.getObject().getName());
            notice.title = "Drift resolved in " + resolved.getCluster() + ": " + object(resolved.getObject());
        } else if (payload instanceof AuditFailed failed) {
            notice.cluster(failed.getCluster());
            notice.severity = Severity.ERROR;
            notice.title = "Drift audit of " + failed.getCluster() + " failed";
            notice.facts.put("Reason", failed.getReason());
        } else if (payload instanceof TagDiscovered tag) {
            notice.images.add(tag.getRepository() + ":" + tag.getTag() + "@" + tag.getDigest());
            notice.title = "New image " + tag.getRepository() + ":" + tag.getTag();
        } else if (payload instanceof TagMoved tag) {
            notice.images.add(tag.getRepository() + ":" + tag.getTag() + "@" + tag.getDigest());
            notice.title = "Tag " + tag.getRepository() + ":" + tag.getTag() + " moved";
        } else {
            GenericRecord generic = (GenericRecord) payload;
            if (generic.getSchema().getField("cluster") != null && generic.get("cluster") != null) {
                notice.cluster(String.valueOf(generic.get("cluster")));
            }
            notice.title = notice.type + (key == null ? "" : " (" + key + ")");
        }
    }

    private static String object(ObjectRef object) {
        return object.getKind() + " " + (object.getNamespace() == null ? "" : object.getNamespace() + "/")
                + object.getName();
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** What a notice is made of, filled by type. */
    private static final class Builder {
        final String type;
        Severity severity = Severity.INFO;
        String title;
        String commit;
        final List<String> clusters = new ArrayList<>();
        final List<String> apps = new ArrayList<>();
        final TreeSet<String> images = new TreeSet<>();
        final Map<String, String> facts = new LinkedHashMap<>();

        Builder(String type) {
            this.type = type;
            this.title = type;
        }

        void cluster(String cluster) {
            clusters.add(cluster);
        }
    }
}
