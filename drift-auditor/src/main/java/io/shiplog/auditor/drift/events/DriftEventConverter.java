package io.shiplog.auditor.drift.events;

import io.shiplog.auditor.drift.AuditSummary;
import io.shiplog.auditor.drift.DriftChange;
import io.shiplog.auditor.drift.DriftTracker;
import io.shiplog.auditor.drift.ObjectDrift;
import io.shiplog.auditor.drift.compare.FieldDrift;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.events.AuditCompleted;
import io.shiplog.events.AuditFailed;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftEvent;
import io.shiplog.events.DriftKind;
import io.shiplog.events.DriftResolved;
import io.shiplog.events.Meta;
import io.shiplog.events.ObjectRef;
import java.time.Instant;
import java.util.List;

/** The Kafka edge of drift: domain records to {@code shiplog.drift} envelopes and back. */
public final class DriftEventConverter {

    private DriftEventConverter() {
    }

    public static DriftEvent toAvro(DriftChange change, Meta meta) {
        Object payload;
        if (change instanceof DriftChange.Detected detected) {
            ObjectDrift drift = detected.drift();
            payload = DriftDetected.newBuilder()
                    .setCluster(detected.cluster())
                    .setCommitSha(detected.commitSha() == null || detected.commitSha().isEmpty()
                            ? null : detected.commitSha())
                    .setObject(ref(drift.key(), drift.version()))
                    .setKind(DriftKind.valueOf(drift.kind().name()))
                    .setFields(drift.fields().stream().map(f -> io.shiplog.events.FieldDrift.newBuilder()
                            .setPath(f.path()).setDesired(f.desired()).setLive(f.live())
                            .setRedacted(f.redacted()).build()).toList())
                    .setCorrectionRequested(detected.correctionRequested())
                    .build();
        } else {
            DriftChange.Resolved resolved = (DriftChange.Resolved) change;
            payload = DriftResolved.newBuilder()
                    .setCluster(resolved.cluster())
                    .setObject(ref(resolved.key(), resolved.version()))
                    .setKind(DriftKind.valueOf(resolved.kind().name()))
                    .setDetectedEventId(resolved.detectedEventId())
                    .setDetectedAt(resolved.detectedAt())
                    .build();
        }
        return DriftEvent.newBuilder().setMeta(meta).setPayload(payload).build();
    }

    public static DriftEvent toAvro(AuditSummary summary, Meta meta) {
        return DriftEvent.newBuilder().setMeta(meta).setPayload(AuditCompleted.newBuilder()
                .setCluster(summary.cluster())
                .setCommitSha(summary.commitSha())
                .setStartedAt(summary.startedAt())
                .setDurationMs(summary.durationMs())
                .setObjectsChecked(summary.objectsChecked())
                .setInSync(summary.inSync())
                .setModified(summary.modified())
                .setDeleted(summary.deleted())
                .setUnmanaged(summary.unmanaged())
                .build()).build();
    }

    public static DriftEvent auditFailed(String cluster, Instant startedAt, String reason, Meta meta) {
        return DriftEvent.newBuilder().setMeta(meta).setPayload(AuditFailed.newBuilder().setCluster(cluster)
                .setStartedAt(startedAt).setReason(reason == null ? "unknown" : reason).build()).build();
    }

    /** The open drift a {@code DriftDetected} describes. */
    public static DriftTracker.Open open(DriftDetected detected, Meta meta) {
        ObjectDrift.Kind kind = detected.getKind() == DriftKind.OTHER ? ObjectDrift.Kind.MODIFIED
                : ObjectDrift.Kind.valueOf(detected.getKind().name());
        List<FieldDrift> fields = detected.getFields().stream().map(f -> new FieldDrift(f.getPath(), f.getDesired(),
                f.getLive(), f.getRedacted())).toList();
        ObjectDrift drift = new ObjectDrift(key(detected.getObject()), detected.getObject().getVersion(), kind,
                fields);
        return new DriftTracker.Open(drift, meta.getEventId(), meta.getOccurredAt());
    }

    public static ObjectKey key(ObjectRef ref) {
        return new ObjectKey(ref.getGroup(), ref.getKind(), ref.getNamespace(), ref.getName());
    }

    private static ObjectRef ref(ObjectKey key, String version) {
        return ObjectRef.newBuilder().setGroup(key.group()).setVersion(version == null ? "" : version)
                .setKind(key.kind()).setNamespace(key.namespace()).setName(key.name()).build();
    }
}
