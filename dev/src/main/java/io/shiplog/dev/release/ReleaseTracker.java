package io.shiplog.dev.release;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.TagDiscovered;
import io.shiplog.events.TagMoved;
import io.shiplog.events.UpdateSkipped;
import io.shiplog.local.kafka.TopicTail;
import io.shiplog.schemas.serde.AvroSerdeConfig;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Follows releases through the release log as they happen: a tag's discovery on {@code shiplog.images}, the commit
 * on {@code shiplog.commits} that answers it (or why none did), and each cluster's apply of that commit on
 * {@code shiplog.applies}. Times are when this process received each event (one clock for pushes and events).
 */
public final class ReleaseTracker implements AutoCloseable {

    /** The tag found by the scanner: its event, how it was found and when it arrived. */
    public record Discovery(String eventId, String correlationId, String digest, String source, long atNanos) {
    }

    /** The commit that moved the tag into git, and the release (correlation id) it carries. */
    public record Commit(String sha, int files, String correlationId, long atNanos) {
    }

    /** One cluster's completed apply of the commit, and the release (correlation id) it carries. */
    public record Apply(String cluster, String status, String correlationId, long atNanos) {
    }

    /** What became of a pushed tag: found, committed and applied on every cluster asked for. */
    public record Release(Discovery discovery, Commit commit, Map<String, Apply> applies) {
    }

    private final TopicTail tail;

    private ReleaseTracker(TopicTail tail) {
        this.tail = tail;
    }

    /** Follows the release log of {@code bootstrapServers} from now on. */
    public static ReleaseTracker follow(String bootstrapServers, String schemaRegistryUrl) {
        return new ReleaseTracker(TopicTail.fromEnd(bootstrapServers, valueConfig(schemaRegistryUrl), TOPICS));
    }

    /** Follows the whole release log of {@code bootstrapServers}, from its beginning. */
    public static ReleaseTracker followFromBeginning(String bootstrapServers, String schemaRegistryUrl) {
        return new ReleaseTracker(TopicTail.fromBeginning(bootstrapServers, valueConfig(schemaRegistryUrl), TOPICS));
    }

    private static final List<String> TOPICS = List.of(TopicCatalogue.IMAGES.name(), TopicCatalogue.COMMITS.name(),
            TopicCatalogue.APPLIES.name());

    private static Map<String, Object> valueConfig(String schemaRegistryUrl) {
        return Map.of("value.deserializer", ShiplogAvroDeserializer.class.getName(),
                "schema.registry.url", schemaRegistryUrl, AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
    }

    /** The discovery of {@code repository:tag} (a new tag, or a known tag at a new digest). */
    public Optional<Discovery> discovery(String repository, String tag) {
        for (TopicTail.Received r : tail.received()) {
            if (r.value() instanceof ImageEvent event) {
                if (event.getPayload() instanceof TagDiscovered t && t.getRepository().equals(repository)
                        && t.getTag().equals(tag)) {
                    return Optional.of(new Discovery(event.getMeta().getEventId(), event.getMeta().getCorrelationId(),
                            t.getDigest(), t.getSource().name(), r.atNanos()));
                }
                if (event.getPayload() instanceof TagMoved t && t.getRepository().equals(repository)
                        && t.getTag().equals(tag)) {
                    return Optional.of(new Discovery(event.getMeta().getEventId(), event.getMeta().getCorrelationId(),
                            t.getDigest(), t.getSource().name(), r.atNanos()));
                }
            }
        }
        return Optional.empty();
    }

    /** The commit that answers the discovery (it names the discovery among its causes, or shares its release). */
    public Optional<Commit> commit(Discovery discovery) {
        for (TopicTail.Received r : tail.received()) {
            if (r.value() instanceof CommitEvent event && event.getPayload() instanceof ManifestsCommitted c
                    && (c.getCausingEventIds().contains(discovery.eventId())
                    || discovery.correlationId().equals(event.getMeta().getCorrelationId()))) {
                return Optional.of(new Commit(c.getSha(), c.getChanges().size(), event.getMeta().getCorrelationId(),
                        r.atNanos()));
            }
        }
        return Optional.empty();
    }

    /** Whether git-writer reported commit {@code sha} on {@code shiplog.commits}. */
    public boolean committed(String sha) {
        return !tail.values(CommitEvent.class, e -> e.getPayload() instanceof ManifestsCommitted c
                && c.getSha().equals(sha)).isEmpty();
    }

    /** Why the discovery changed nothing, one line per manifest location git-writer skipped. */
    public List<String> skips(Discovery discovery) {
        return tail.values(CommitEvent.class, e -> e.getPayload() instanceof UpdateSkipped
                && discovery.correlationId().equals(e.getMeta().getCorrelationId())).stream()
                .map(e -> (UpdateSkipped) e.getPayload())
                .map(s -> s.getReason() + ": " + s.getDetail()).toList();
    }

    /** Each cluster's first completed apply of {@code sha} (applied itself, or folded into a newer commit). */
    public Map<String, Apply> applies(String sha, Set<String> clusters) {
        Map<String, Apply> applies = new LinkedHashMap<>();
        for (TopicTail.Received r : tail.received()) {
            if (r.value() instanceof ApplyEvent event && event.getPayload() instanceof ApplyCompleted a
                    && clusters.contains(a.getCluster()) && !applies.containsKey(a.getCluster())
                    && (a.getCommitSha().equals(sha) || a.getSkippedCommits().contains(sha))) {
                applies.put(a.getCluster(), new Apply(a.getCluster(), a.getStatus().name(),
                        event.getMeta().getCorrelationId(), r.atNanos()));
            }
        }
        return applies;
    }

    /**
     * Waits until {@code repository:tag} is found, committed and applied on every one of {@code clusters}; calls
     * {@code progress} once per step reached.
     *
     * @throws TimeoutException naming the step that did not happen in time (and, for a tag not committed, why)
     */
    public Release await(String repository, String tag, Set<String> clusters, Duration timeout,
                         ReleaseProgress progress) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Discovery discovery = null;
        Commit commit = null;
        Map<String, Apply> applied = new LinkedHashMap<>();
        while (true) {
            if (discovery == null) {
                discovery = discovery(repository, tag).orElse(null);
                if (discovery != null) {
                    progress.discovered(discovery);
                }
            }
            if (discovery != null && commit == null) {
                commit = commit(discovery).orElse(null);
                if (commit != null) {
                    progress.committed(commit);
                }
            }
            if (commit != null) {
                for (Apply apply : applies(commit.sha(), clusters).values()) {
                    if (applied.putIfAbsent(apply.cluster(), apply) == null) {
                        progress.applied(apply);
                    }
                }
                if (applied.keySet().containsAll(clusters)) {
                    return new Release(discovery, commit, applied);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(timeoutReason(repository, tag, discovery, commit, clusters, applied,
                        timeout));
            }
            Thread.sleep(20);
        }
    }

    private String timeoutReason(String repository, String tag, Discovery discovery, Commit commit,
                                 Set<String> clusters, Map<String, Apply> applied, Duration timeout) {
        String image = repository + ":" + tag;
        if (discovery == null) {
            return "the scanner did not report " + image + " within " + timeout.toSeconds() + " s";
        }
        if (commit == null) {
            List<String> skips = skips(discovery);
            return "git-writer did not commit " + image + " within " + timeout.toSeconds() + " s"
                    + (skips.isEmpty() ? "" : "; it skipped it: " + String.join("; ", skips));
        }
        return "commit " + commit.sha() + " of " + image + " was not applied on " + clusters.stream()
                .filter(c -> !applied.containsKey(c)).sorted().toList() + " within " + timeout.toSeconds() + " s";
    }

    @Override
    public void close() {
        tail.close();
    }
}
