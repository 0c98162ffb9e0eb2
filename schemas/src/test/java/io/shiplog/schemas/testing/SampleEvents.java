package io.shiplog.schemas.testing;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyFailureReason;
import io.shiplog.events.ApplyStarted;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.AuditCompleted;
import io.shiplog.events.Command;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.CommitFailed;
import io.shiplog.events.CommitFailureReason;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.DeadLetter;
import io.shiplog.events.DeadLetterHeader;
import io.shiplog.events.DiscoverySource;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftEvent;
import io.shiplog.events.DriftKind;
import io.shiplog.events.DriftResolved;
import io.shiplog.events.FieldDrift;
import io.shiplog.events.FileChange;
import io.shiplog.events.Health;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.ImageUsage;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.MarkerStyle;
import io.shiplog.events.Meta;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.events.ObjectResult;
import io.shiplog.events.Person;
import io.shiplog.events.Platform;
import io.shiplog.events.ReleaseImage;
import io.shiplog.events.ReplayCluster;
import io.shiplog.events.ResyncCluster;
import io.shiplog.events.RollbackCluster;
import io.shiplog.events.SkipReason;
import io.shiplog.events.TagDiscovered;
import io.shiplog.events.TagMoved;
import io.shiplog.events.TagRemoved;
import io.shiplog.events.UpdateSkipped;
import io.shiplog.events.WatchedImage;
import io.shiplog.events.WatchlistEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** One realistic event of every payload type, keyed as DESIGN.md says, for round-trip tests. */
public final class SampleEvents {

    /** A keyed event bound for a topic. */
    public record Keyed(String topic, String key, SpecificRecord value) {
    }

    private static final Instant T0 = Instant.parse("2026-11-28T10:15:30.123Z");
    private static final String APP = "ghcr.io/acme/app";
    private static final String CONFIG = "https://git.example.com/acme/config.git";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String OLD_DIGEST = "sha256:" + "cd".repeat(32);
    private static final String SHA = "3f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39";
    private static final String PARENT = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    private static final String CORRELATION = UUID.nameUUIDFromBytes("release-1.4.3".getBytes()).toString();

    private SampleEvents() {
    }

    public static List<Keyed> all() {
        ObjectRef deployment = ObjectRef.newBuilder().setGroup("apps").setVersion("v1").setKind("Deployment")
                .setNamespace("shop").setName("app").build();
        ObjectRef namespace = ObjectRef.newBuilder().setVersion("v1").setKind("Namespace").setName("shop").build();
        FileChange change = FileChange.newBuilder().setPath("clusters/prod-eu/app.yaml").setDocumentIndex(1)
                .setObject(deployment).setField("spec.template.spec.containers[0].image").setRepository(APP)
                .setFrom(APP + ":1.4.2").setTo(APP + ":1.4.3").setToTag("1.4.3").setToDigest(DIGEST)
                .setPolicy("semver:^1.4").setMarkerStyle(MarkerStyle.FLUX_V2).build();
        Person bot = Person.newBuilder().setName("shiplog").setEmail("shiplog@acme.example").build();
        Person human = Person.newBuilder().setName("Ada Lovelace").setEmail("ada@acme.example").build();
        String commitsKey = CONFIG + "#main";
        List<Platform> platforms = List.of(
                Platform.newBuilder().setOs("linux").setArchitecture("amd64").build(),
                Platform.newBuilder().setOs("linux").setArchitecture("arm64").setVariant("v8").build());
        return List.of(
                new Keyed("shiplog.watchlist", APP, WatchlistEvent.newBuilder().setMeta(meta("git-writer"))
                        .setPayload(WatchedImage.newBuilder().setRepository(APP).setRegistry("ghcr.io")
                                .setConfigRepo(CONFIG).setBranch("main").setHeadCommit(SHA)
                                .setPolicies(List.of("semver:^1.4", "digest:latest")).setTrackedTags(List.of("latest"))
                                .setScanIntervalMs(60_000L)
                                .setUsages(List.of(ImageUsage.newBuilder().setPath("clusters/prod-eu/app.yaml")
                                        .setDocumentIndex(1).setObject(deployment)
                                        .setField("spec.template.spec.containers[0].image")
                                        .setMarkerStyle(MarkerStyle.SHIPLOG).setPolicy("semver:^1.4")
                                        .setCurrentValue(APP + ":1.4.2").build()))
                                .build()).build()),
                new Keyed("shiplog.images", APP, ImageEvent.newBuilder().setMeta(meta("registry-scanner"))
                        .setPayload(TagDiscovered.newBuilder().setRepository(APP).setRegistry("ghcr.io").setTag("1.4.3")
                                .setDigest(DIGEST).setMediaType("application/vnd.oci.image.index.v1+json")
                                .setPlatforms(platforms).setCreatedAt(T0.minusSeconds(60)).setPushedAt(T0.minusSeconds(5))
                                .setSource(DiscoverySource.WEBHOOK).build()).build()),
                new Keyed("shiplog.images", APP, ImageEvent.newBuilder().setMeta(meta("registry-scanner"))
                        .setPayload(TagMoved.newBuilder().setRepository(APP).setRegistry("ghcr.io").setTag("latest")
                                .setPreviousDigest(OLD_DIGEST).setDigest(DIGEST)
                                .setMediaType("application/vnd.oci.image.manifest.v1+json")
                                .setSource(DiscoverySource.POLL).build()).build()),
                new Keyed("shiplog.images", APP, ImageEvent.newBuilder().setMeta(meta("registry-scanner"))
                        .setPayload(TagRemoved.newBuilder().setRepository(APP).setRegistry("ghcr.io").setTag("1.0.0")
                                .setLastDigest(OLD_DIGEST).setSource(DiscoverySource.POLL).build()).build()),
                new Keyed("shiplog.commits", commitsKey, CommitEvent.newBuilder().setMeta(meta("git-writer"))
                        .setPayload(ManifestsCommitted.newBuilder().setConfigRepo(CONFIG).setBranch("main").setSha(SHA)
                                .setParentSha(PARENT).setAuthor(bot).setCommittedAt(T0).setMessage("app: 1.4.2 → 1.4.3")
                                .setChanges(List.of(change)).setCausingEventIds(List.of(UUID.randomUUID().toString()))
                                .build()).build()),
                new Keyed("shiplog.commits", commitsKey, CommitEvent.newBuilder().setMeta(meta("git-writer"))
                        .setPayload(CommitObserved.newBuilder().setConfigRepo(CONFIG).setBranch("main").setSha(PARENT)
                                .setParentShas(List.of(SHA)).setAuthor(human).setCommitter(human).setCommittedAt(T0)
                                .setMessage("Scale app to 5 replicas").setChangedPaths(List.of("clusters/prod-eu/app.yaml"))
                                .build()).build()),
                new Keyed("shiplog.commits", commitsKey, CommitEvent.newBuilder().setMeta(meta("git-writer"))
                        .setPayload(UpdateSkipped.newBuilder().setConfigRepo(CONFIG).setBranch("main").setRepository(APP)
                                .setTag("2.0.0").setDigest(DIGEST).setReason(SkipReason.NOT_SELECTED_BY_POLICY)
                                .setDetail("2.0.0 is outside ^1.4").setPath("clusters/prod-eu/app.yaml")
                                .setPolicy("semver:^1.4").build()).build()),
                new Keyed("shiplog.commits", commitsKey, CommitEvent.newBuilder().setMeta(meta("git-writer"))
                        .setPayload(CommitFailed.newBuilder().setConfigRepo(CONFIG).setBranch("main")
                                .setReason(CommitFailureReason.PUSH_REJECTED).setMessage("non-fast-forward")
                                .setAttempts(3).setWillRetry(true).setChanges(List.of(change)).build()).build()),
                new Keyed("shiplog.applies", "prod-eu", ApplyEvent.newBuilder().setMeta(meta("cluster-applier"))
                        .setPayload(ApplyStarted.newBuilder().setCluster("prod-eu").setConfigRepo(CONFIG)
                                .setBranch("main").setCommitSha(SHA).setTrigger(ApplyTrigger.COMMIT)
                                .setPaths(List.of("clusters/prod-eu", "shared")).setObjectCount(2)
                                .setSkippedCommits(List.of(PARENT)).build()).build()),
                new Keyed("shiplog.applies", "prod-eu", ApplyEvent.newBuilder().setMeta(meta("cluster-applier"))
                        .setPayload(ApplyCompleted.newBuilder().setCluster("prod-eu").setConfigRepo(CONFIG)
                                .setBranch("main").setCommitSha(SHA).setTrigger(ApplyTrigger.COMMIT).setStartedAt(T0)
                                .setDurationMs(1_234).setStatus(ApplyStatus.PARTIALLY_FAILED).setInventoryId("prod-eu")
                                .setResults(List.of(
                                        ObjectResult.newBuilder().setObject(deployment).setAction(ObjectAction.CONFIGURED)
                                                .setHealth(Health.PROGRESSING).setImages(List.of(APP + ":1.4.3@" + DIGEST))
                                                .setSourcePath("clusters/prod-eu/app.yaml").build(),
                                        ObjectResult.newBuilder().setObject(namespace).setAction(ObjectAction.FAILED)
                                                .setMessage("namespaces \"shop\" is forbidden").build()))
                                .build()).build()),
                new Keyed("shiplog.applies", "prod-eu", ApplyEvent.newBuilder().setMeta(meta("cluster-applier"))
                        .setPayload(ApplyFailed.newBuilder().setCluster("prod-eu").setConfigRepo(CONFIG).setBranch("main")
                                .setCommitSha(SHA).setTrigger(ApplyTrigger.RESYNC)
                                .setReason(ApplyFailureReason.CLUSTER_UNREACHABLE).setMessage("connect timed out")
                                .setAttempt(2).setNextRetryAt(T0.plusSeconds(30)).build()).build()),
                new Keyed("shiplog.drift", "prod-eu", DriftEvent.newBuilder().setMeta(meta("drift-auditor"))
                        .setPayload(DriftDetected.newBuilder().setCluster("prod-eu").setCommitSha(SHA)
                                .setObject(deployment).setKind(DriftKind.MODIFIED)
                                .setFields(List.of(FieldDrift.newBuilder().setPath("/spec/replicas").setDesired("3")
                                        .setLive("5").build()))
                                .setCorrectionRequested(true).build()).build()),
                new Keyed("shiplog.drift", "prod-eu", DriftEvent.newBuilder().setMeta(meta("drift-auditor"))
                        .setPayload(DriftResolved.newBuilder().setCluster("prod-eu").setObject(deployment)
                                .setKind(DriftKind.MODIFIED).setDetectedEventId(UUID.randomUUID().toString())
                                .setDetectedAt(T0.minusSeconds(40)).build()).build()),
                new Keyed("shiplog.drift", "prod-eu", DriftEvent.newBuilder().setMeta(meta("drift-auditor"))
                        .setPayload(AuditCompleted.newBuilder().setCluster("prod-eu").setCommitSha(SHA).setStartedAt(T0)
                                .setDurationMs(880).setObjectsChecked(40).setInSync(39).setModified(1).setDeleted(0)
                                .setUnmanaged(0).build()).build()),
                new Keyed("shiplog.commands", "prod-eu", Command.newBuilder().setMeta(meta("shiplog-cli"))
                        .setPayload(ResyncCluster.newBuilder().setCluster("prod-eu").setRequestedBy("ada")
                                .setReason("drift correction").build()).build()),
                new Keyed("shiplog.commands", APP, Command.newBuilder().setMeta(meta("shiplog-cli"))
                        .setPayload(ReleaseImage.newBuilder().setRepository(APP).setTag("1.4.3").setDigest(DIGEST)
                                .setRequestedBy("ada").build()).build()),
                new Keyed("shiplog.commands", "prod-eu", Command.newBuilder().setMeta(meta("shiplog-cli"))
                        .setPayload(RollbackCluster.newBuilder().setCluster("prod-eu").setToCommitSha(PARENT)
                                .setRequestedBy("ada").build()).build()),
                new Keyed("shiplog.commands", "prod-eu", Command.newBuilder().setMeta(meta("shiplog-cli"))
                        .setPayload(ReplayCluster.newBuilder().setCluster("prod-eu").setAtTime(T0)
                                .setTargetCluster("prod-eu-new").setRequestedBy("ada").build()).build()),
                new Keyed("shiplog.dlq", APP, DeadLetter.newBuilder().setMeta(meta("git-writer"))
                        .setSourceTopic("shiplog.images").setSourcePartition(2).setSourceOffset(1234)
                        .setSourceTimestamp(T0).setConsumer("git-writer/git-writer")
                        .setReason("unknown magic byte 0x7b").setErrorClass("org.apache.kafka.common.errors.SerializationException")
                        .setKey(ByteBuffer.wrap(APP.getBytes(StandardCharsets.UTF_8)))
                        .setValue(ByteBuffer.wrap("{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8)))
                        .setHeaders(List.of(DeadLetterHeader.newBuilder().setKey("traceparent")
                                .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3})).build()))
                        .build()));
    }

    private static Meta meta(String producer) {
        return Meta.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(T0.truncatedTo(ChronoUnit.MILLIS)).setProducer(producer + "/it")
                .setCorrelationId(CORRELATION).setCausationId(UUID.randomUUID().toString()).build();
    }
}
