package io.shiplog.auditor.web;

import io.shiplog.auditor.query.Results.ApplyStep;
import java.time.Instant;
import java.util.List;

/** What the web view reads besides the audit queries' answers: the fleet matrix, releases and drift, as JSON. */
public final class FleetView {

    private FleetView() {
    }

    /**
     * One cluster's row of the matrix: its current apply (the last completed one that did not wholly fail), the
     * newest apply whatever its result, and how many objects have drift that is not resolved.
     */
    public record ClusterRow(String cluster, String commitSha, Instant appliedAt, String status, String lastResult,
                             Instant lastAt, int openDrift) {
    }

    /**
     * One cell: the versions (tags, else digests) of {@code application} that run on {@code cluster} now, the
     * worst health of its workloads in the current apply, and its workloads' open drift.
     */
    public record Cell(String cluster, String application, List<String> versions, String health, int workloads,
                       int openDrift, Instant since) {
    }

    /** The matrix: clusters × applications (image repositories). */
    public record Fleet(List<ClusterRow> clusters, List<String> applications, List<Cell> cells) {
    }

    /**
     * A release: a commit, the image tags it moved, its first discovery (null for a commit without one), and its
     * first apply per cluster.
     */
    public record Release(String sha, String configRepo, String branch, String author, boolean byShiplog,
                          Instant at, List<String> images, Instant discoveredAt, List<ApplyStep> applies) {
    }

    /** A detected drift of one object, with its field paths and when it was resolved (null: still open). */
    public record DriftRow(String cluster, String driftKind, String object, List<String> fieldPaths,
                           String commitSha, Instant detectedAt, Instant resolvedAt, String detail) {
    }
}
