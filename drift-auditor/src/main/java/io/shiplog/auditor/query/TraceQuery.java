package io.shiplog.auditor.query;

import io.shiplog.auditor.query.Results.ApplyStep;
import io.shiplog.auditor.query.Results.CommitStep;
import io.shiplog.auditor.query.Results.Discovery;
import io.shiplog.auditor.query.Results.DriftStep;
import io.shiplog.auditor.query.Results.SkipStep;
import io.shiplog.auditor.query.Results.Trace;
import io.shiplog.schemas.image.ImageReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Query 3: the chain of a release from a tag, digest or commit: discovered (when, poll or webhook) → committed
 * (sha, author) → applied per cluster (when, result, health) → drift, with the time between the steps. The chain
 * follows the log's graph: a commit names the image events it answers, an apply names its commit.
 */
public final class TraceQuery {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final int MAX_ROWS = 1_000;

    private final JdbcClient jdbc;

    /** @param jdbc the store's read-only query pool */
    public TraceQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The chain of {@code ref}: a commit sha (7+ hex digits), a digest, a tag, or {@code repository:tag}. */
    public Trace trace(String ref) {
        String value = ref == null ? "" : ref.strip();
        if (value.isEmpty()) {
            throw new InvalidQueryException("ref must name a tag, digest or commit");
        }
        if (SHA.matcher(value).matches()) {
            // a prefix as a range (index order on every database; LIKE would ignore case on SQLite)
            String next = value.substring(0, value.length() - 1) + (char) (value.charAt(value.length() - 1) + 1);
            List<CommitStep> commits = commits("c.sha >= ? AND c.sha < ?", value, next);
            if (!commits.isEmpty()) {
                return chain(value, "commit", discoveriesOf(commits), List.of(), commits);
            }
        }
        String kind;
        List<Discovery> discovered;
        List<SkipStep> skipped;
        List<CommitStep> commits;
        if (DIGEST.matcher(value).matches()) {
            kind = "digest";
            discovered = discoveries("digest = ?", value);
            skipped = skips("digest = ?", value);
            commits = commitsEither("c.sha IN (SELECT k.sha FROM commit_causes k JOIN image_events i ON "
                    + "i.event_id = k.cause_event_id WHERE i.digest = ?)", "c.sha IN (SELECT sha FROM commit_changes "
                    + "WHERE to_digest = ?)", value, value);
        } else {
            kind = "tag";
            String tag = value;
            String repository = null;
            int colon = value.lastIndexOf(':');
            if (colon > 0 && value.lastIndexOf('/') < colon && value.contains("/")) {
                try {
                    repository = ImageReference.canonicalRepository(value.substring(0, colon));
                } catch (IllegalArgumentException e) {
                    throw new InvalidQueryException(e.getMessage());
                }
                tag = value.substring(colon + 1);
            }
            if (repository == null) {
                discovered = discoveries("tag = ?", tag);
                skipped = skips("tag = ?", tag);
                commits = commitsEither("c.sha IN (SELECT k.sha FROM commit_causes k JOIN image_events i ON "
                        + "i.event_id = k.cause_event_id WHERE i.tag = ?)", "c.sha IN (SELECT sha FROM "
                        + "commit_changes WHERE to_tag = ?)", tag, tag);
            } else {
                discovered = discoveries("tag = ? AND repository = ?", tag, repository);
                skipped = skips("tag = ? AND repository = ?", tag, repository);
                commits = commitsEither("c.sha IN (SELECT k.sha FROM commit_causes k JOIN image_events i ON "
                        + "i.event_id = k.cause_event_id WHERE i.tag = ? AND i.repository = ?)", "c.sha IN "
                        + "(SELECT sha FROM commit_changes WHERE to_tag = ? AND repository = ?)", tag, repository,
                        tag, repository);
            }
        }
        if (discovered.isEmpty() && commits.isEmpty()) {
            throw new NotFoundException("no tag, digest or commit '" + value + "' in the release log");
        }
        return chain(value, kind, discovered, skipped, commits);
    }

    private Trace chain(String ref, String kind, List<Discovery> discovered, List<SkipStep> skipped,
                        List<CommitStep> commits) {
        Instant firstDiscovery = discovered.stream().map(Discovery::at).min(Comparator.naturalOrder()).orElse(null);
        List<CommitStep> timed = commits.stream().map(c -> new CommitStep(c.sha(), c.configRepo(), c.branch(),
                c.author(), c.email(), c.byShiplog(), c.committedAt(), c.at(),
                firstDiscovery == null ? null : c.at().toEpochMilli() - firstDiscovery.toEpochMilli())).toList();
        List<ApplyStep> applies = new ArrayList<>();
        List<DriftStep> drift = new ArrayList<>();
        for (CommitStep commit : timed) {
            applies.addAll(applies(commit));
            drift.addAll(jdbc.sql("SELECT cluster, event_type, drift_kind, obj_kind, obj_namespace, obj_name, "
                    + "field_paths, occurred_at FROM drift WHERE commit_sha = ? AND event_type = 'DETECTED' "
                    + "ORDER BY occurred_at LIMIT " + MAX_ROWS).param(commit.sha())
                    .query((row, n) -> new DriftStep(row.getString(1), row.getString(2), row.getString(3),
                            object(row.getString(4), row.getString(5), row.getString(6)), row.getString(7),
                            Sql.instant(row, "occurred_at"))).list());
        }
        Long total = firstDiscovery == null || applies.isEmpty() ? null
                : applies.stream().map(ApplyStep::at).max(Comparator.naturalOrder()).orElseThrow().toEpochMilli()
                        - firstDiscovery.toEpochMilli();
        return new Trace(ref, kind, discovered, skipped, timed, applies, drift, total);
    }

    /** The first completed (else failed) apply per cluster of {@code commit}, directly or as a skipped commit. */
    private List<ApplyStep> applies(CommitStep commit) {
        Map<String, ApplyStep> first = new LinkedHashMap<>();
        List<ApplyStep> all = jdbc.sql("SELECT a.cluster, a.commit_sha, a.occurred_at, a.apply_trigger, "
                + "a.event_type, a.status, a.degraded_count, a.reason, a.event_id, "
                + "COALESCE(a.progressing_count, 0) AS progressing FROM applies a "
                + "WHERE a.commit_sha = ? AND a.event_type IN ('COMPLETED', 'FAILED') "
                + "UNION SELECT a.cluster, a.commit_sha, a.occurred_at, a.apply_trigger, a.event_type, a.status, "
                + "a.degraded_count, a.reason, a.event_id, 0 FROM applies a JOIN apply_skipped k "
                + "ON k.apply_seq = a.apply_seq WHERE k.sha = ? AND a.event_type = 'COMPLETED' "
                + "ORDER BY 3 LIMIT " + MAX_ROWS).params(commit.sha(), commit.sha()).query((row, n) -> {
                    boolean completed = "COMPLETED".equals(row.getString(5));
                    String health = !completed ? "UNKNOWN" : row.getInt(7) > 0 ? "DEGRADED"
                            : row.getInt("progressing") > 0 ? "PROGRESSING" : "HEALTHY";
                    Instant at = Sql.instant(row, "occurred_at");
                    return new ApplyStep(row.getString(1), row.getString(2), at, row.getString(4),
                            completed ? row.getString(6) : "APPLY_FAILED " + row.getString(8), health,
                            at.toEpochMilli() - commit.at().toEpochMilli());
                }).list();
        for (ApplyStep step : all) {
            ApplyStep known = first.get(step.cluster());
            if (known == null || known.status().startsWith("APPLY_FAILED") && !step.status().startsWith("APPLY_")) {
                first.put(step.cluster(), step);
            }
        }
        return List.copyOf(first.values());
    }

    private List<Discovery> discoveries(String where, Object... params) {
        return jdbc.sql("SELECT repository, tag, digest, event_type, source, occurred_at FROM image_events WHERE "
                + where + " ORDER BY occurred_at LIMIT " + MAX_ROWS).params(params)
                .query((row, n) -> new Discovery(row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5), Sql.instant(row, "occurred_at"))).list();
    }

    private List<SkipStep> skips(String where, Object... params) {
        return jdbc.sql("SELECT config_repo, repository, tag, reason, detail, path, policy, occurred_at FROM "
                + "update_skips WHERE " + where + " ORDER BY occurred_at LIMIT " + MAX_ROWS).params(params)
                .query((row, n) -> new SkipStep(row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                        Sql.instant(row, "occurred_at"))).list();
    }

    private List<Discovery> discoveriesOf(List<CommitStep> commits) {
        Set<String> shas = new LinkedHashSet<>();
        commits.forEach(c -> shas.add(c.sha()));
        return discoveries("event_id IN (SELECT cause_event_id FROM commit_causes WHERE sha IN ("
                + Sql.placeholders(shas.size()) + "))", shas.toArray());
    }

    /** Commits matching {@code first} or {@code second} (a UNION, so each side uses its own indexes). */
    private List<CommitStep> commitsEither(String first, String second, Object... params) {
        String columns = "SELECT c.sha, c.config_repo, c.branch, c.author_name, c.author_email, c.by_shiplog, "
                + "c.committed_at, c.occurred_at FROM commits c WHERE ";
        return jdbc.sql("SELECT * FROM (" + columns + first + " UNION " + columns + second + ") u ORDER BY "
                + "occurred_at LIMIT " + MAX_ROWS).params(params).query(TraceQuery::commitStep).list();
    }

    private List<CommitStep> commits(String where, Object... params) {
        return jdbc.sql("SELECT c.sha, c.config_repo, c.branch, c.author_name, c.author_email, c.by_shiplog, "
                + "c.committed_at, c.occurred_at FROM commits c WHERE " + where + " ORDER BY c.occurred_at LIMIT "
                + MAX_ROWS).params(params).query(TraceQuery::commitStep).list();
    }

    private static CommitStep commitStep(ResultSet row, int rowNum) throws SQLException {
        return new CommitStep(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getBoolean(6), Sql.instant(row, "committed_at"),
                Sql.instant(row, "occurred_at"), null);
    }

    static String object(String kind, String namespace, String name) {
        if (kind == null) {
            return null;
        }
        return kind + "/" + (namespace == null ? "" : namespace + "/") + name;
    }
}
