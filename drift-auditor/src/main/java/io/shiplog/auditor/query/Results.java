package io.shiplog.auditor.query;

import java.time.Instant;
import java.util.List;

/** The answers of the six audit queries, as the HTTP API returns them (JSON) and the CLI prints them. */
public final class Results {

    private Results() {
    }

    /** A workload as an apply left it. */
    public record Workload(String kind, String namespace, String name, List<String> images, String action,
                           String health) {
    }

    /** Query 1: what cluster {@code cluster} ran at {@code at}; commit null when nothing was applied yet. */
    public record ClusterState(String cluster, Instant at, String commitSha, Instant appliedAt, String trigger,
                               String status, Page<Workload> workloads) {
    }

    /** Query 2: one workload of one cluster running the repository now, and since when. */
    public record ImageLocation(String cluster, String kind, String namespace, String name, String image,
                                String tag, String digest, Instant since) {
    }

    /** Query 3, step 1: the registry event. */
    public record Discovery(String repository, String tag, String digest, String type, String source, Instant at) {
    }

    /** Query 3, step 2: the commit; {@code sinceDiscoveryMs} from the first discovery. */
    public record CommitStep(String sha, String configRepo, String branch, String author, String email,
                             boolean byShiplog, Instant committedAt, Instant at, Long sinceDiscoveryMs) {
    }

    /** Query 3, step 3: the first apply of the commit per cluster; {@code sinceCommitMs} from the commit event. */
    public record ApplyStep(String cluster, String commitSha, Instant at, String trigger, String status,
                            String health, Long sinceCommitMs) {
    }

    /** Query 3, step 4: drift reported against the commit. */
    public record DriftStep(String cluster, String type, String driftKind, String object, String fieldPaths,
                            Instant at) {
    }

    /** Query 3: the chain of a tag, digest or commit. */
    public record Trace(String ref, String refKind, List<Discovery> discovered, List<SkipStep> skipped,
                        List<CommitStep> commits, List<ApplyStep> applies, List<DriftStep> drift,
                        Long discoveredToLastApplyMs) {
    }

    /**
     * Query 3, beside the commit: a manifest location the tag did not change, and why ({@code UpdateSkipped}:
     * not selected by the policy, not newer, already current, locked, no usage, ...).
     */
    public record SkipStep(String configRepo, String repository, String tag, String reason, String detail,
                           String path, String policy, Instant at) {
    }

    /** Query 4: one entry of a cluster's history. */
    public record HistoryEntry(Instant at, String type, String commitSha, String status, String object,
                               String detail) {
    }

    /** Query 5: deliveries of one week, cluster and application (null in a row of a whole cluster). */
    public record DeliveryRow(String week, String cluster, String application, int deployments,
                              int failedDeployments, double changeFailureRate, Long leadTimeP50Ms,
                              Long leadTimeP90Ms, Long leadTimeP99Ms) {
    }

    /** Query 5: failures and drift of one week and cluster, and how long they took to be resolved. */
    public record RestoreRow(String week, String cluster, int incidents, int restored, Long timeToRestoreP50Ms,
                             Long timeToRestoreMaxMs) {
    }

    /**
     * Query 5: the DORA metrics over [from, to); {@code deliveries} per week and cluster or per week, cluster and
     * application ({@code by}: {@code cluster} or {@code application}), the page asked for of {@code deliveriesTotal}
     * rows.
     */
    public record DoraReport(Instant from, Instant to, int deployments, double deploymentsPerWeek,
                             double changeFailureRate, Long leadTimeP50Ms, Long leadTimeP90Ms, Long leadTimeP99Ms,
                             Long timeToRestoreP50Ms, String by, int deliveriesTotal, List<DeliveryRow> deliveries,
                             List<RestoreRow> restores) {
    }

    /** Query 6: a commit that touched an object. */
    public record ObjectChange(String sha, boolean byShiplog, String author, String email, Instant committedAt,
                               String message, List<String> paths, List<String> changes) {
    }
}
