package io.shiplog.auditor.support;

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
import io.shiplog.events.SkipReason;
import io.shiplog.events.UpdateSkipped;
import io.shiplog.events.TagDiscovered;
import io.shiplog.schemas.testing.Envelopes;
import java.time.Instant;
import java.util.List;

/** Builders of release-log events at given times, for seeding a known story. */
public final class Events {

    public static final String CONFIG_REPO = "https://git.test/acme/config.git";

    private Events() {
    }

    public static ObjectRef object(String group, String kind, String namespace, String name) {
        return ObjectRef.newBuilder().setGroup(group).setVersion("v1").setKind(kind).setNamespace(namespace)
                .setName(name).build();
    }

    public static ImageEvent discovered(Meta meta, String repository, String tag, String digest,
                                        DiscoverySource source) {
        return ImageEvent.newBuilder().setMeta(meta).setPayload(TagDiscovered.newBuilder().setRepository(repository)
                .setRegistry(repository.substring(0, repository.indexOf('/'))).setTag(tag).setDigest(digest)
                .setMediaType("application/vnd.oci.image.manifest.v1+json").setSource(source).build()).build();
    }

    public static FileChange change(String path, ObjectRef object, String repository, String from, String tag,
                                    String digest) {
        return FileChange.newBuilder().setPath(path).setObject(object)
                .setField("spec.template.spec.containers[0].image").setRepository(repository).setFrom(from)
                .setTo(repository + ":" + tag + "@" + digest).setToTag(tag).setToDigest(digest)
                .setPolicy("semver:^1").setMarkerStyle(MarkerStyle.SHIPLOG).build();
    }

    public static CommitEvent committed(Meta meta, String sha, Instant committedAt, List<FileChange> changes,
                                        List<String> causes) {
        return CommitEvent.newBuilder().setMeta(meta).setPayload(ManifestsCommitted.newBuilder()
                .setConfigRepo(CONFIG_REPO).setBranch("main").setSha(sha)
                .setAuthor(new Person("Shiplog", "shiplog@acme.test")).setCommittedAt(committedAt)
                .setMessage("shiplog: update images").setChanges(changes).setCausingEventIds(causes).build())
                .build();
    }

    public static CommitEvent observed(Meta meta, String sha, Instant committedAt, String author,
                                       List<String> paths) {
        return CommitEvent.newBuilder().setMeta(meta).setPayload(CommitObserved.newBuilder()
                .setConfigRepo(CONFIG_REPO).setBranch("main").setSha(sha)
                .setAuthor(new Person(author, author.toLowerCase() + "@acme.test")).setCommittedAt(committedAt)
                .setMessage("tune config").setChangedPaths(paths).build()).build();
    }

    public static CommitEvent skipped(Meta meta, String repository, String tag, String digest, SkipReason reason,
                                      String detail, String path, String policy) {
        return CommitEvent.newBuilder().setMeta(meta).setPayload(UpdateSkipped.newBuilder()
                .setConfigRepo(CONFIG_REPO).setBranch("main").setRepository(repository).setTag(tag).setDigest(digest)
                .setReason(reason).setDetail(detail).setPath(path).setPolicy(policy).build()).build();
    }

    public static ApplyEvent started(Meta meta, String cluster, String sha) {
        return ApplyEvent.newBuilder().setMeta(meta).setPayload(ApplyStarted.newBuilder().setCluster(cluster)
                .setConfigRepo(CONFIG_REPO).setBranch("main").setCommitSha(sha).setTrigger(ApplyTrigger.COMMIT)
                .build()).build();
    }

    public static ObjectResult result(ObjectRef object, ObjectAction action, Health health, String path,
                                      String... images) {
        return ObjectResult.newBuilder().setObject(object).setAction(action).setHealth(health)
                .setImages(List.of(images)).setSourcePath(path)
                .setMessage(action == ObjectAction.FAILED ? "admission webhook denied the request" : null).build();
    }

    public static ApplyEvent completed(Meta meta, String cluster, String sha, ApplyStatus status,
                                       List<ObjectResult> results) {
        return ApplyEvent.newBuilder().setMeta(meta).setPayload(ApplyCompleted.newBuilder().setCluster(cluster)
                .setConfigRepo(CONFIG_REPO).setBranch("main").setCommitSha(sha).setTrigger(ApplyTrigger.COMMIT)
                .setStartedAt(meta.getOccurredAt().minusSeconds(5)).setDurationMs(5_000).setStatus(status)
                .setInventoryId(cluster).setResults(results).build()).build();
    }

    public static ApplyEvent failed(Meta meta, String cluster, String sha) {
        return ApplyEvent.newBuilder().setMeta(meta).setPayload(ApplyFailed.newBuilder().setCluster(cluster)
                .setConfigRepo(CONFIG_REPO).setBranch("main").setCommitSha(sha).setTrigger(ApplyTrigger.COMMIT)
                .setReason(ApplyFailureReason.CLUSTER_UNREACHABLE).setMessage("connection refused").build())
                .build();
    }

    public static DriftEvent driftDetected(Meta meta, String cluster, String sha, ObjectRef object, String path) {
        return DriftEvent.newBuilder().setMeta(meta).setPayload(DriftDetected.newBuilder().setCluster(cluster)
                .setCommitSha(sha).setObject(object).setKind(DriftKind.MODIFIED)
                .setFields(List.of(FieldDrift.newBuilder().setPath(path).setDesired("3").setLive("5").build()))
                .build()).build();
    }

    public static DriftEvent driftResolved(Meta meta, String cluster, ObjectRef object, String detectedId,
                                           Instant detectedAt) {
        return DriftEvent.newBuilder().setMeta(meta).setPayload(DriftResolved.newBuilder().setCluster(cluster)
                .setObject(object).setKind(DriftKind.MODIFIED).setDetectedEventId(detectedId)
                .setDetectedAt(detectedAt).build()).build();
    }
}
