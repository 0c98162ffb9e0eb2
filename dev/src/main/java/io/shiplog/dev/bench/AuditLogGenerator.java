package io.shiplog.dev.bench;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyFailureReason;
import io.shiplog.events.ApplyStarted;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.DiscoverySource;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftEvent;
import io.shiplog.events.DriftKind;
import io.shiplog.events.DriftResolved;
import io.shiplog.events.FieldDrift;
import io.shiplog.events.FileChange;
import io.shiplog.events.Health;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.MarkerStyle;
import io.shiplog.events.Meta;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.events.ObjectResult;
import io.shiplog.events.Person;
import io.shiplog.events.TagDiscovered;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * A seeded, realistic release log: releases of 50 image repositories every few minutes over a year, each a tag
 * discovered (webhook or poll), one Shiplog commit, and applies on three of 20 clusters (started + completed with
 * the cluster's workloads, sometimes partly failed or degraded, sometimes unreachable); human commits, drift
 * detected and resolved, resyncs and audits in between. About 8 events per release.
 */
final class AuditLogGenerator {

    static final int CLUSTERS = 20;
    static final int REPOSITORIES = 50;
    static final String CONFIG_REPO = "https://git.bench/acme/config.git";
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    /** One event to publish. */
    record Event(String topic, String key, SpecificRecord value) {
    }

    /** What the queries of the benchmark ask about: names and values that exist in the generated log. */
    record Facts(List<String> clusters, List<String> repositories, List<String> tags, List<String> shas,
                 Instant first, Instant last) {
    }

    private final Random random = new Random(7);
    private final Map<String, Integer> versions = new HashMap<>();
    private final Map<String, String> running = new HashMap<>();
    private final List<String> tags = new ArrayList<>();
    private final List<String> shas = new ArrayList<>();
    private Instant clock = START;

    /** Generates {@code count} events into {@code sink}; returns what exists. */
    Facts generate(int count, Consumer<Event> sink) {
        int produced = 0;
        while (produced < count) {
            for (Event event : release()) {
                if (produced++ >= count) {
                    break;
                }
                sink.accept(event);
            }
        }
        List<String> clusters = new ArrayList<>();
        for (int c = 0; c < CLUSTERS; c++) {
            clusters.add(cluster(c));
        }
        List<String> repositories = new ArrayList<>();
        for (int r = 0; r < REPOSITORIES; r++) {
            repositories.add(repository(r));
        }
        return new Facts(clusters, repositories, tags, shas, START, clock);
    }

    private List<Event> release() {
        List<Event> events = new ArrayList<>(10);
        clock = clock.plusSeconds(60 + random.nextInt(300));
        int r = random.nextInt(REPOSITORIES);
        String repository = repository(r);
        int version = versions.merge(repository, 1, Integer::sum);
        String tag = "1." + (version / 100) + "." + (version % 100);
        String digest = "sha256:" + String.format(Locale.ROOT, "%064x", random.nextLong() & Long.MAX_VALUE);
        tags.add(repository + ":" + tag);
        Meta found = root(clock);
        events.add(new Event(TopicCatalogue.IMAGES.name(), repository, ImageEvent.newBuilder().setMeta(found)
                .setPayload(TagDiscovered.newBuilder().setRepository(repository).setRegistry("ghcr.io").setTag(tag)
                        .setDigest(digest).setMediaType("application/vnd.oci.image.manifest.v1+json")
                        .setSource(random.nextInt(4) == 0 ? DiscoverySource.POLL : DiscoverySource.WEBHOOK).build())
                .build()));
        String image = repository + ":" + tag + "@" + digest;
        String previous = running.getOrDefault(repository, repository + ":1.0.0");
        running.put(repository, image);
        String sha = sha();
        shas.add(sha);
        Meta commit = caused(found, 5 + random.nextInt(20));
        String path = "apps/app-" + r + "/deployment.yaml";
        events.add(new Event(TopicCatalogue.COMMITS.name(), CONFIG_REPO + "#main", CommitEvent.newBuilder()
                .setMeta(commit).setPayload(ManifestsCommitted.newBuilder().setConfigRepo(CONFIG_REPO)
                        .setBranch("main").setSha(sha).setAuthor(new Person("Shiplog", "shiplog@acme.test"))
                        .setCommittedAt(commit.getOccurredAt()).setMessage("shiplog: " + image)
                        .setChanges(List.of(FileChange.newBuilder().setPath(path).setObject(workload(r))
                                .setField("spec.template.spec.containers[0].image").setRepository(repository)
                                .setFrom(previous).setTo(image).setToTag(tag).setToDigest(digest)
                                .setPolicy("semver:^1").setMarkerStyle(MarkerStyle.SHIPLOG).build()))
                        .setCausingEventIds(List.of(found.getEventId())).build()).build()));
        int first = random.nextInt(CLUSTERS);
        for (int i = 0; i < 3; i++) {
            String cluster = cluster((first + i * 7) % CLUSTERS);
            Meta started = caused(commit, 10 + random.nextInt(60) + i * 30);
            if (random.nextInt(50) == 0) {
                events.add(apply(cluster, ApplyFailed.newBuilder().setCluster(cluster).setConfigRepo(CONFIG_REPO)
                        .setBranch("main").setCommitSha(sha).setTrigger(ApplyTrigger.COMMIT)
                        .setReason(ApplyFailureReason.CLUSTER_UNREACHABLE).setMessage("connection refused")
                        .build(), started));
                continue;
            }
            events.add(apply(cluster, ApplyStarted.newBuilder().setCluster(cluster).setConfigRepo(CONFIG_REPO)
                    .setBranch("main").setCommitSha(sha).setTrigger(ApplyTrigger.COMMIT).setObjectCount(5).build(),
                    started));
            Meta done = caused(commit, 20 + random.nextInt(60) + i * 30 + 15);
            events.add(apply(cluster, completed(cluster, sha, r, image, done), done));
        }
        int extra = random.nextInt(100);
        if (extra < 5) {
            Meta human = root(clock.plusSeconds(200));
            String humanSha = sha();
            shas.add(humanSha);
            events.add(new Event(TopicCatalogue.COMMITS.name(), CONFIG_REPO + "#main", CommitEvent.newBuilder()
                    .setMeta(human).setPayload(CommitObserved.newBuilder().setConfigRepo(CONFIG_REPO)
                            .setBranch("main").setSha(humanSha).setAuthor(new Person("Alice", "alice@acme.test"))
                            .setCommittedAt(human.getOccurredAt()).setChangedPaths(List.of(path)).build()).build()));
        } else if (extra < 12) {
            String cluster = cluster(first);
            Meta drift = root(clock.plusSeconds(240));
            events.add(new Event(TopicCatalogue.DRIFT.name(), cluster, DriftEvent.newBuilder().setMeta(drift)
                    .setPayload(DriftDetected.newBuilder().setCluster(cluster).setCommitSha(sha).setObject(workload(r))
                            .setKind(DriftKind.MODIFIED).setFields(List.of(FieldDrift.newBuilder()
                                    .setPath("/spec/replicas").setDesired("3").setLive("5").build())).build())
                    .build()));
            Meta resolved = caused(drift, 30 + random.nextInt(600));
            events.add(new Event(TopicCatalogue.DRIFT.name(), cluster, DriftEvent.newBuilder().setMeta(resolved)
                    .setPayload(DriftResolved.newBuilder().setCluster(cluster).setObject(workload(r))
                            .setKind(DriftKind.MODIFIED).setDetectedEventId(drift.getEventId())
                            .setDetectedAt(drift.getOccurredAt()).build()).build()));
        }
        return events;
    }

    private ApplyCompleted completed(String cluster, String sha, int r, String image, Meta meta) {
        List<ObjectResult> results = new ArrayList<>(5);
        boolean degraded = random.nextInt(40) == 0;
        boolean failed = random.nextInt(60) == 0;
        results.add(result(workload(r), ObjectAction.CONFIGURED, degraded ? Health.DEGRADED : Health.HEALTHY,
                "apps/app-" + r + "/deployment.yaml", image));
        int neighbour = (r + 1) % REPOSITORIES;
        results.add(result(workload(neighbour), ObjectAction.UNCHANGED, Health.HEALTHY,
                "apps/app-" + neighbour + "/deployment.yaml",
                running.getOrDefault(repository(neighbour), repository(neighbour) + ":1.0.0")));
        results.add(result(ref("", "v1", "Service", "apps", "app-" + r), ObjectAction.UNCHANGED, Health.HEALTHY,
                "apps/app-" + r + "/service.yaml"));
        results.add(result(ref("", "v1", "ConfigMap", "apps", "app-" + r + "-config"),
                failed ? ObjectAction.FAILED : ObjectAction.UNCHANGED, Health.HEALTHY,
                "apps/app-" + r + "/config.yaml"));
        results.add(result(ref("", "v1", "Namespace", null, "apps"), ObjectAction.UNCHANGED, Health.HEALTHY,
                "apps/namespace.yaml"));
        return ApplyCompleted.newBuilder().setCluster(cluster).setConfigRepo(CONFIG_REPO).setBranch("main")
                .setCommitSha(sha).setTrigger(ApplyTrigger.COMMIT).setStartedAt(meta.getOccurredAt().minusSeconds(3))
                .setDurationMs(3_000).setStatus(failed ? ApplyStatus.PARTIALLY_FAILED : ApplyStatus.SUCCEEDED)
                .setInventoryId(cluster).setResults(results).build();
    }

    private static ObjectResult result(ObjectRef object, ObjectAction action, Health health, String path,
                                       String... images) {
        return ObjectResult.newBuilder().setObject(object).setAction(action).setHealth(health).setSourcePath(path)
                .setImages(List.of(images)).setMessage(action == ObjectAction.FAILED ? "denied by webhook" : null)
                .build();
    }

    private static Event apply(String cluster, Object payload, Meta meta) {
        return new Event(TopicCatalogue.APPLIES.name(), cluster, ApplyEvent.newBuilder().setMeta(meta)
                .setPayload(payload).build());
    }

    static String cluster(int c) {
        return String.format(Locale.ROOT, "cluster-%02d", c);
    }

    static String repository(int r) {
        return String.format(Locale.ROOT, "ghcr.io/acme/app-%02d", r);
    }

    static ObjectRef workload(int r) {
        return ref("apps", "v1", "Deployment", "apps", "app-" + r);
    }

    private static ObjectRef ref(String group, String version, String kind, String namespace, String name) {
        return ObjectRef.newBuilder().setGroup(group).setVersion(version).setKind(kind).setNamespace(namespace)
                .setName(name).build();
    }

    private String sha() {
        return String.format(Locale.ROOT, "%016x%016x%08x", random.nextLong(), random.nextLong(), random.nextInt());
    }

    private Meta root(Instant at) {
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        return Meta.newBuilder().setEventId(id).setOccurredAt(at).setProducer("bench/generator")
                .setCorrelationId(id).setCausationId(null).build();
    }

    private Meta caused(Meta cause, int seconds) {
        return Meta.newBuilder().setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                .setOccurredAt(cause.getOccurredAt().plus(Duration.ofSeconds(seconds))).setProducer("bench/generator")
                .setCorrelationId(cause.getCorrelationId()).setCausationId(cause.getEventId()).build();
    }
}
