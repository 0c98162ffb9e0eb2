package io.shiplog.applier.events;

import io.shiplog.applier.reconcile.Action;
import io.shiplog.applier.reconcile.ApplyReport;
import io.shiplog.applier.reconcile.ApplyRequest;
import io.shiplog.applier.reconcile.ObjectOutcome;
import io.shiplog.applier.reconcile.ReconcileOutcome;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyCounts;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyFailureReason;
import io.shiplog.events.ApplyStarted;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.Health;
import io.shiplog.events.Meta;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.events.ObjectResult;
import io.shiplog.events.SuspensionChanged;
import java.util.List;

/** The Kafka edge: apply reports to Avro {@link ApplyEvent}s. */
public final class ApplyEventConverter {

    private ApplyEventConverter() {
    }

    public static ApplyEvent toAvro(ApplyReport report, Meta meta) {
        Object payload;
        if (report instanceof ApplyReport.Started started) {
            payload = started(started);
        } else if (report instanceof ApplyReport.Completed completed) {
            payload = completed(completed);
        } else if (report instanceof ApplyReport.SuspensionChanged change) {
            payload = SuspensionChanged.newBuilder().setCluster(change.cluster()).setSuspended(change.suspended())
                    .setRequestedBy(change.requestedBy()).setReason(change.reason()).build();
        } else {
            payload = failed((ApplyReport.Failed) report);
        }
        return ApplyEvent.newBuilder().setMeta(meta).setPayload(payload).build();
    }

    private static ApplyStarted started(ApplyReport.Started started) {
        ApplyRequest request = started.request();
        return ApplyStarted.newBuilder()
                .setCluster(started.cluster())
                .setConfigRepo(request.configRepo())
                .setBranch(request.branch())
                .setCommitSha(request.commitSha())
                .setTrigger(trigger(request))
                .setPaths(started.paths())
                .setObjectCount(started.objectCount())
                .setSkippedCommits(request.skippedCommits())
                .build();
    }

    private static ApplyCompleted completed(ApplyReport.Completed completed) {
        ReconcileOutcome.Completed outcome = completed.outcome();
        ApplyRequest request = outcome.request();
        return ApplyCompleted.newBuilder()
                .setCluster(completed.cluster())
                .setConfigRepo(request.configRepo())
                .setBranch(request.branch())
                .setCommitSha(request.commitSha())
                .setTrigger(trigger(request))
                .setStartedAt(outcome.startedAt())
                .setDurationMs(outcome.durationMs())
                .setStatus(ApplyStatus.valueOf(outcome.status().name()))
                .setInventoryId(outcome.inventoryId())
                .setSkippedCommits(request.skippedCommits())
                .setResults(outcome.results().stream().map(ApplyEventConverter::result).toList())
                .setCounts(counts(outcome))
                .build();
    }

    private static ApplyCounts counts(ReconcileOutcome.Completed outcome) {
        return ApplyCounts.newBuilder()
                .setCreated((int) outcome.count(Action.CREATED))
                .setConfigured((int) outcome.count(Action.CONFIGURED))
                .setUnchanged((int) outcome.count(Action.UNCHANGED))
                .setPruned((int) outcome.count(Action.PRUNED))
                .setFailed((int) outcome.count(Action.FAILED))
                .setSkipped((int) outcome.count(Action.SKIPPED))
                .setDegraded((int) outcome.results().stream()
                        .filter(r -> r.health() == io.shiplog.applier.reconcile.Health.DEGRADED).count())
                .setProgressing((int) outcome.results().stream()
                        .filter(r -> r.health() == io.shiplog.applier.reconcile.Health.PROGRESSING).count())
                .build();
    }

    private static ApplyFailed failed(ApplyReport.Failed failed) {
        ReconcileOutcome.Failed outcome = failed.outcome();
        ApplyRequest request = outcome.request();
        return ApplyFailed.newBuilder()
                .setCluster(failed.cluster())
                .setConfigRepo(request.configRepo())
                .setBranch(request.branch())
                .setCommitSha(request.commitSha())
                .setTrigger(trigger(request))
                .setReason(ApplyFailureReason.valueOf(outcome.reason().name()))
                .setMessage(outcome.message())
                .setAttempt(failed.attempt())
                .setNextRetryAt(failed.nextRetryAt())
                .build();
    }

    private static ObjectResult result(ObjectOutcome outcome) {
        ObjectRef ref = ObjectRef.newBuilder()
                .setGroup(outcome.key().group())
                .setVersion(outcome.version() == null ? "" : outcome.version())
                .setKind(outcome.key().kind())
                .setNamespace(outcome.key().namespace())
                .setName(outcome.key().name())
                .build();
        return ObjectResult.newBuilder()
                .setObject(ref)
                .setAction(ObjectAction.valueOf(outcome.action().name()))
                .setMessage(outcome.message())
                .setHealth(Health.valueOf(outcome.health().name()))
                .setImages(List.copyOf(outcome.images()))
                .setSourcePath(outcome.sourcePath())
                .build();
    }

    private static ApplyTrigger trigger(ApplyRequest request) {
        return ApplyTrigger.valueOf(request.trigger().name());
    }
}
