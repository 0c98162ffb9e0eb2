package io.shiplog.applier.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.applier.cluster.ApplySchedule.Step;
import io.shiplog.applier.cluster.Inbound.DesiredCommit;
import io.shiplog.applier.reconcile.ApplyReport;
import io.shiplog.applier.reconcile.ApplyRequest;
import io.shiplog.applier.reconcile.ReconcileOutcome;
import io.shiplog.applier.reconcile.Trigger;
import io.shiplog.applier.replay.ReplayRequest;
import io.shiplog.cluster.inventory.Inventory;
import io.shiplog.schemas.event.EventCause;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ApplyScheduleTest {

    private static final String REPO = "https://git.example/config.git";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration RESYNC = Duration.ofMinutes(5);

    private final ApplySchedule schedule = new ApplySchedule(new ApplySchedule.Settings("prod", REPO, "main", RESYNC,
            Duration.ofSeconds(2), Duration.ofSeconds(30)), false);

    @Test
    void appliesOnlyTheNewestOfThreePendingCommitsAndRecordsTheSkippedOnes() {
        inventoryAt("c0");
        schedule.commit(commit("c1"));
        schedule.commit(commit("c2"));
        schedule.commit(commit("c3"));
        ApplyRequest first = applies(schedule.next(T0));
        schedule.completed(first, completed(first), T0);

        ApplyRequest request = applies(schedule.next(T0));

        assertThat(request.commitSha()).isEqualTo("c3");
        assertThat(request.trigger()).isEqualTo(Trigger.COMMIT);
        assertThat(request.skippedCommits()).containsExactly("c1", "c2");
        assertThat(request.cause()).isEqualTo(new EventCause("release-c3", "event-c3"));
    }

    @Test
    void afterAStartTheCommitTheClusterRunsIsAppliedAndReportedOnceMoreBeforeANewerOne() {
        inventoryAt("c0");
        schedule.commit(commit("c1"));

        ApplyRequest again = applies(schedule.next(T0));
        assertThat(again.commitSha()).isEqualTo("c0");
        assertThat(again.trigger()).isEqualTo(Trigger.RESYNC);
        schedule.completed(again, completed(again), T0);

        ApplyRequest newer = applies(schedule.next(T0));
        assertThat(newer.commitSha()).isEqualTo("c1");
        assertThat(newer.trigger()).isEqualTo(Trigger.COMMIT);
        schedule.completed(newer, completed(newer), T0);
        schedule.commit(commit("c2"));
        assertThat(applies(schedule.next(T0)).commitSha()).as("only once after the start").isEqualTo("c2");
    }

    @Test
    void readsTheInventoryFirstAndDoesNotApplyACommitTheClusterAlreadyHas() {
        schedule.commit(commit("c1"));
        assertThat(schedule.next(T0)).isInstanceOf(Step.ReadInventory.class);

        inventoryAt("c1");

        assertThat(schedule.next(T0)).isInstanceOf(Step.Wait.class);
        assertThat(schedule.settled()).isTrue();
        assertThat(schedule.status().lastAppliedCommit()).isEqualTo("c1");
    }

    @Test
    void anUnreadableInventoryIsAskedAgainAfterTheLongestBackoffWhileCommitsApply() {
        schedule.inventoryUnreadable(T0);
        schedule.commit(commit("c1"));

        assertThat(applies(schedule.next(T0)).commitSha()).isEqualTo("c1");
        assertThat(schedule.next(T0.plusSeconds(30))).isInstanceOf(Step.ReadInventory.class);
    }

    @Test
    void ignoresCommitsOfAnotherRepositoryOrBranch() {
        inventoryAt("");
        schedule.commit(new DesiredCommit("https://git.example/other.git", "main", "x1", null));
        schedule.commit(new DesiredCommit(REPO, "develop", "x2", null));
        schedule.commit(new DesiredCommit(REPO.replace(".git", "/"), "main", "c1", null));

        assertThat(applies(schedule.next(T0)).commitSha()).isEqualTo("c1");
    }

    @Test
    void retriesAFailedApplyAfterADoublingBackoffAndReportsEachAttempt() {
        inventoryAt("c0");
        schedule.commit(commit("c1"));
        resyncOnceAfterTheStart();
        ApplyRequest request = applies(schedule.next(T0));

        ApplyReport.Failed first = schedule.failed(request, unreachable(request), T0);
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.nextRetryAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(schedule.next(T0.plusSeconds(1))).isInstanceOf(Step.Wait.class);

        ApplyReport.Failed second = schedule.failed(applies(schedule.next(T0.plusSeconds(2))), unreachable(request),
                T0.plusSeconds(2));
        assertThat(second.nextRetryAt()).isEqualTo(T0.plusSeconds(6));
        assertThat(schedule.status().failedAttempts()).isEqualTo(2);
        assertThat(schedule.status().lastStatus()).isEqualTo("CLUSTER_UNREACHABLE");

        schedule.completed(request, completed(request), T0.plusSeconds(6));
        assertThat(schedule.status().failedAttempts()).isZero();
        assertThat(schedule.status().nextRetryAt()).isNull();
        assertThat(schedule.status().lastAppliedAt()).isEqualTo(T0.plusSeconds(6));
    }

    @Test
    void theFailedCommitIsTriedAgainEvenThoughTheInventoryListsIt() {
        inventoryAt("c0");
        schedule.commit(commit("c1"));
        resyncOnceAfterTheStart();
        ApplyRequest request = applies(schedule.next(T0));
        schedule.failed(request, unreachable(request), T0);

        assertThat(applies(schedule.next(T0.plusSeconds(2))).commitSha()).isEqualTo("c1");
    }

    @Test
    void resyncsTheLastAppliedCommitOnTheIntervalAndOnCommand() {
        inventoryAt("c0");
        schedule.commit(commit("c1"));
        resyncOnceAfterTheStart();
        ApplyRequest commit = applies(schedule.next(T0));
        schedule.completed(commit, completed(commit), T0);

        assertThat(schedule.next(T0.plusSeconds(60))).isInstanceOf(Step.Wait.class);
        ApplyRequest resync = applies(schedule.next(T0.plus(RESYNC)));
        assertThat(resync.trigger()).isEqualTo(Trigger.RESYNC);
        assertThat(resync.commitSha()).isEqualTo("c1");
        schedule.completed(resync, completed(resync), T0.plus(RESYNC));

        EventCause asked = new EventCause("release-r", "event-r");
        schedule.resync(asked);
        ApplyRequest command = applies(schedule.next(T0.plus(RESYNC).plusSeconds(1)));
        assertThat(command.trigger()).isEqualTo(Trigger.COMMAND);
        assertThat(command.cause()).isEqualTo(asked);
        assertThat(schedule.settled()).isFalse();
        schedule.completed(command, completed(command), T0.plus(RESYNC).plusSeconds(1));
        assertThat(schedule.settled()).isTrue();
    }

    @Test
    void aResyncRequestedBeforeAnyCommitWasAppliedIsDropped() {
        inventoryAt("");
        schedule.resync(new EventCause("release-r", "event-r"));

        assertThat(schedule.next(T0)).isInstanceOf(Step.Wait.class);
        assertThat(schedule.settled()).isTrue();
    }

    @Test
    void appliesNothingWhileSuspendedAndThePendingCommitAfterResume() {
        inventoryAt("c0");
        assertThat(schedule.suspend()).isTrue();
        schedule.commit(commit("c1"));
        schedule.commit(commit("c2"));

        assertThat(schedule.next(T0)).isInstanceOf(Step.Wait.class);
        assertThat(schedule.status().suspended()).isTrue();
        assertThat(schedule.status().pendingCommit()).isEqualTo("c2");
        assertThat(schedule.settled()).isFalse();

        assertThat(schedule.resume()).isTrue();
        resyncOnceAfterTheStart();
        ApplyRequest request = applies(schedule.next(T0));
        assertThat(request.commitSha()).isEqualTo("c2");
        assertThat(request.skippedCommits()).containsExactly("c1");
    }

    @Test
    void aReplayIsPlannedThenAppliedBeforeThePendingCommit() {
        inventoryAt("c0");
        schedule.commit(commit("c2"));
        ReplayRequest replay = new ReplayRequest("prod", "prod", null, null, "ops", new EventCause("r", "e"));
        schedule.replay(replay);

        assertThat(schedule.next(T0)).isEqualTo(new Step.PlanReplay(replay));
        ApplyRequest planned = new ApplyRequest(REPO, "main", "c1", Trigger.REPLAY, List.of(), replay.cause());
        assertThat(schedule.replayPlanned(Optional.of(planned))).isEmpty();
        assertThat(applies(schedule.next(T0))).isEqualTo(planned);

        schedule.completed(planned, completed(planned), T0);
        assertThat(applies(schedule.next(T0)).commitSha()).isEqualTo("c2");
    }

    @Test
    void aReplayTheLogCannotServeIsReportedAndDropped() {
        inventoryAt("c0");
        ReplayRequest replay = new ReplayRequest("lost", "prod", T0, null, "ops", new EventCause("r", "e"));
        schedule.replay(replay);
        schedule.next(T0);

        Optional<ApplyReport.Failed> report = schedule.replayPlanned(Optional.empty());

        assertThat(report).hasValueSatisfying(failed -> {
            assertThat(failed.outcome().reason()).isEqualTo(ReconcileOutcome.FailureReason.LOAD_FAILED);
            assertThat(failed.outcome().message()).contains("no successful apply of cluster lost");
            assertThat(failed.request().trigger()).isEqualTo(Trigger.REPLAY);
        });
        assertThat(applies(schedule.next(T0)).trigger()).as("the restart's resync, no replay")
                .isEqualTo(Trigger.RESYNC);
        assertThat(schedule.settled()).isTrue();
    }

    @Test
    void aReplayRefusedBecauseItsCommitIsNotOnTheBranchIsDroppedNotRetried() {
        inventoryAt("c0");
        ReplayRequest replay = new ReplayRequest("prod", "prod", null, "f0", "ops", new EventCause("r", "e"));
        schedule.replay(replay);
        schedule.next(T0);
        ApplyRequest planned = new ApplyRequest(REPO, "main", "f0", Trigger.REPLAY, List.of(), replay.cause());
        schedule.replayPlanned(Optional.of(planned));

        ApplyReport.Failed failed = schedule.failed(applies(schedule.next(T0)), new ReconcileOutcome.Failed(planned,
                ReconcileOutcome.FailureReason.REFUSED, "commit f0 is not on the history of branch main"), T0);

        assertThat(failed.nextRetryAt()).isNull();
        assertThat(schedule.status().failedAttempts()).isZero();
        assertThat(applies(schedule.next(T0)).trigger()).as("the restart's resync, no replay")
                .isEqualTo(Trigger.RESYNC);
        assertThat(schedule.settled()).isTrue();
    }

    @Test
    void isSettledOnlyOnceTheCommitReadIsApplied() {
        inventoryAt("c0");
        schedule.commit(commit("c1"));
        assertThat(schedule.settled()).isFalse();
        resyncOnceAfterTheStart();

        ApplyRequest request = applies(schedule.next(T0));
        schedule.completed(request, completed(request), T0);

        assertThat(schedule.settled()).isTrue();
        assertThat(schedule.status().pendingCommit()).isNull();
        assertThat(schedule.status().lastStatus()).isEqualTo("SUCCEEDED");
    }

    /** The commit the inventory lists is applied (and reported) once more before a newer one. */
    private void resyncOnceAfterTheStart() {
        ApplyRequest again = applies(schedule.next(T0));
        assertThat(again.trigger()).isEqualTo(Trigger.RESYNC);
        schedule.completed(again, completed(again), T0);
    }

    private void inventoryAt(String sha) {
        assertThat(schedule.next(T0)).isInstanceOf(Step.ReadInventory.class);
        schedule.inventory(new Inventory("prod", sha.isEmpty() ? "" : REPO, sha.isEmpty() ? "" : "main", sha,
                Inventory.State.COMPLETE, new TreeMap<>()));
    }

    private static DesiredCommit commit(String sha) {
        return new DesiredCommit(REPO, "main", sha, new EventCause("release-" + sha, "event-" + sha));
    }

    private static ApplyRequest applies(Step step) {
        assertThat(step).isInstanceOf(Step.Apply.class);
        return ((Step.Apply) step).request();
    }

    private static ReconcileOutcome.Failed unreachable(ApplyRequest request) {
        return new ReconcileOutcome.Failed(request, ReconcileOutcome.FailureReason.CLUSTER_UNREACHABLE,
                "cluster prod is unreachable");
    }

    private static ReconcileOutcome.Completed completed(ApplyRequest request) {
        return new ReconcileOutcome.Completed(request, T0, 100, "prod", List.of());
    }
}
