package io.shiplog.gitwriter.events;

import io.shiplog.events.Command;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.LockWorkload;
import io.shiplog.events.Meta;
import io.shiplog.events.ReleaseImage;
import io.shiplog.events.RollbackCluster;
import io.shiplog.events.TagDiscovered;
import io.shiplog.events.TagMoved;
import io.shiplog.events.TagRemoved;
import io.shiplog.events.UnlockWorkload;
import io.shiplog.events.WorkloadRef;
import io.shiplog.gitwriter.edit.AppSelector;
import io.shiplog.gitwriter.release.WorkloadSelector;
import io.shiplog.gitwriter.rollback.RollbackTarget;
import io.shiplog.schemas.event.EventCause;
import io.shiplog.schemas.image.ImageReference;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Kafka edge: decoded image events and commands to {@link Inbound} records. Values that cannot be used (a
 * repository that is not an image reference, a tag or digest outside the OCI grammar) throw
 * {@link IllegalArgumentException} naming the field and value, so the record goes to the DLQ.
 */
public final class InboundConverter {

    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");

    private InboundConverter() {
    }

    public static Inbound fromAvro(Object value) {
        if (value instanceof ImageEvent event) {
            EventCause cause = cause(event.getMeta());
            Object payload = event.getPayload();
            if (payload instanceof TagDiscovered t) {
                // no digest: the scanner listed the tag only (its policies order by name); a pinning policy's
                // choice comes with its digest, and a location that tracks digests never gets a tag without one
                return new Inbound.TagSeen(repository(t.getRepository()), tag(t.getTag()),
                        t.getDigest() == null ? null : digest(t.getDigest()), t.getCreatedAt(), cause);
            }
            if (payload instanceof TagMoved t) {
                return new Inbound.TagSeen(repository(t.getRepository()), tag(t.getTag()), digest(t.getDigest()),
                        t.getCreatedAt(), cause);
            }
            if (payload instanceof TagRemoved t) {
                return new Inbound.TagGone(repository(t.getRepository()), tag(t.getTag()));
            }
            return new Inbound.NotForGitWriter(payload.getClass().getSimpleName());
        }
        if (value instanceof Command command) {
            if (command.getPayload() instanceof ReleaseImage r) {
                return new Inbound.ReleaseRequested(repository(r.getRepository()), tag(r.getTag()),
                        r.getDigest() == null ? null : digest(r.getDigest()), r.getIgnorePolicy(),
                        r.getRequestedBy(), apps(r.getApps()), clusters(r.getClusters()), cause(command.getMeta()));
            }
            if (command.getPayload() instanceof LockWorkload l) {
                return new Inbound.LockRequested(workload(l.getWorkload()), container(l.getContainer()), true,
                        l.getRequestedBy(), l.getReason(), cause(command.getMeta()));
            }
            if (command.getPayload() instanceof RollbackCluster r) {
                return new Inbound.RollbackRequested(r.getCluster(), rollbackTarget(r), r.getRequestedBy(),
                        r.getReason(), cause(command.getMeta()));
            }
            if (command.getPayload() instanceof UnlockWorkload u) {
                return new Inbound.LockRequested(workload(u.getWorkload()), container(u.getContainer()), false,
                        u.getRequestedBy(), u.getReason(), cause(command.getMeta()));
            }
            return new Inbound.NotForGitWriter(command.getPayload().getClass().getSimpleName());
        }
        return new Inbound.NotForGitWriter(value == null ? "tombstone" : value.getClass().getSimpleName());
    }

    private static AppSelector apps(List<String> apps) {
        try {
            return new AppSelector(apps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("apps " + apps + ": " + e.getMessage(), e);
        }
    }

    private static List<String> clusters(List<String> clusters) {
        if (clusters == null) {
            return List.of();
        }
        if (clusters.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw new IllegalArgumentException("clusters " + clusters + ": a cluster name is empty");
        }
        return clusters.stream().map(String::strip).distinct().toList();
    }

    private static String repository(String repository) {
        try {
            return ImageReference.canonicalRepository(repository);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("repository '" + repository + "' is not an image repository: "
                    + e.getMessage(), e);
        }
    }

    /** Exactly one of a non-empty {@code toCommitSha}, {@code toTime} and {@code toRelease}. */
    private static RollbackTarget rollbackTarget(RollbackCluster r) {
        String sha = r.getToCommitSha() == null ? "" : r.getToCommitSha().strip();
        int given = (sha.isEmpty() ? 0 : 1) + (r.getToTime() == null ? 0 : 1) + (r.getToRelease() == null ? 0 : 1);
        if (given != 1) {
            throw new IllegalArgumentException("rollback of cluster '" + r.getCluster() + "' needs exactly one of "
                    + "toCommitSha, toTime and toRelease, got " + given);
        }
        if (!sha.isEmpty()) {
            return new RollbackTarget.Commit(sha.toLowerCase(java.util.Locale.ROOT));
        }
        return r.getToTime() != null ? new RollbackTarget.Time(r.getToTime())
                : new RollbackTarget.Release(r.getToRelease());
    }

    private static WorkloadSelector workload(WorkloadRef ref) {
        try {
            return new WorkloadSelector(ref.getConfigRepo(), ref.getPath(), ref.getKind(), ref.getNamespace(),
                    ref.getName());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("workload " + ref + ": " + e.getMessage(), e);
        }
    }

    private static String container(String container) {
        if (container != null && !CONTAINER.matcher(container).matches()) {
            throw new IllegalArgumentException("container '" + container + "' is not a container name");
        }
        return container;
    }

    private static String tag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("tag '" + tag + "' is not a valid image tag");
        }
        return tag;
    }

    private static String digest(String digest) {
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("digest '" + digest + "' is not a valid image digest");
        }
        return digest;
    }

    private static EventCause cause(Meta meta) {
        return new EventCause(meta.getCorrelationId(), meta.getEventId());
    }
}
