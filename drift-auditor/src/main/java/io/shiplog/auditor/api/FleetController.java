package io.shiplog.auditor.api;

import io.shiplog.auditor.store.AuditStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The fleet now, for {@code shiplog get}: every cluster with its last apply and open drift, what runs where, the
 * recent releases and the open drift. Read-only, behind the bearer token like every {@code /api/v1} query.
 */
@RestController
@RequestMapping("/api/v1/fleet")
public class FleetController {

    /** A cluster: its last apply of any outcome, its last successful one, and how many objects drift now. */
    public record ClusterSummary(String cluster, String lastCommitSha, String lastStatus, String lastTrigger,
                                 Instant lastAt, String appliedCommitSha, Instant appliedAt, int openDrift) {
    }

    /** A workload image running in a cluster now. */
    public record Placement(String repository, String cluster, String kind, String namespace, String name,
                            String tag, String digest, Instant since) {
    }

    /** A release: an image tag found, the commits it caused, and the clusters that applied them. */
    public record Release(Instant foundAt, String repository, String tag, String digest, String source,
                          List<String> commits, List<String> appliedTo) {
    }

    /** A drifting object: its latest detection, not resolved since. */
    public record OpenDrift(String cluster, String driftKind, String kind, String namespace, String name,
                            String commitSha, String fieldPaths, Instant detectedAt) {
    }

    private static final int RELEASE_LIMIT = 200;

    private final JdbcClient jdbc;
    private final Clock clock;

    public FleetController(AuditStore store, Clock clock) {
        this.jdbc = store.queries();
        this.clock = clock;
    }

    /** Every cluster the log knows, by name. */
    @GetMapping("/clusters")
    public List<ClusterSummary> clusters() {
        Map<String, Integer> drift = new LinkedHashMap<>();
        openDrift(null).forEach(d -> drift.merge(d.cluster(), 1, Integer::sum));
        List<String> names = jdbc.sql("SELECT name FROM clusters ORDER BY name").query(String.class).list();
        List<ClusterSummary> clusters = new ArrayList<>();
        for (String name : names) {
            record Apply(String sha, String status, String trigger, Instant at) {
            }
            Apply last = jdbc.sql("SELECT commit_sha, COALESCE(status, reason), apply_trigger, occurred_at FROM applies "
                    + "WHERE cluster = ? AND event_type IN ('COMPLETED', 'FAILED') ORDER BY occurred_at DESC, "
                    + "apply_seq DESC LIMIT 1").param(name).query((row, n) -> new Apply(row.getString(1),
                    row.getString(2), row.getString(3), Instant.ofEpochMilli(row.getLong(4)))).optional().orElse(null);
            Apply applied = jdbc.sql("SELECT commit_sha, status, apply_trigger, occurred_at FROM applies "
                    + "WHERE cluster = ? AND event_type = 'COMPLETED' AND status <> 'FAILED' "
                    + "ORDER BY occurred_at DESC, apply_seq DESC LIMIT 1").param(name)
                    .query((row, n) -> new Apply(row.getString(1), row.getString(2), row.getString(3),
                            Instant.ofEpochMilli(row.getLong(4)))).optional().orElse(null);
            clusters.add(new ClusterSummary(name, last == null ? null : last.sha(),
                    last == null ? null : last.status(), last == null ? null : last.trigger(),
                    last == null ? null : last.at(), applied == null ? null : applied.sha(),
                    applied == null ? null : applied.at(), drift.getOrDefault(name, 0)));
        }
        return clusters;
    }

    /** What runs where now: every workload image per repository and cluster, optionally of one repository. */
    @GetMapping("/applications")
    public List<Placement> applications(@RequestParam(required = false) String repository) {
        String where = repository == null || repository.isBlank() ? "" : " WHERE repository = ?";
        JdbcClient.StatementSpec sql = jdbc.sql("SELECT repository, cluster, obj_kind, obj_namespace, obj_name, tag, "
                + "digest, since FROM current_placements" + where
                + " ORDER BY repository, cluster, obj_namespace, obj_kind, obj_name");
        if (!where.isEmpty()) {
            sql = sql.param(repository.strip());
        }
        return sql.query((row, n) -> new Placement(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                Instant.ofEpochMilli(row.getLong(8)))).list();
    }

    /** The releases found since {@code since} (default: 7 days ago), newest first, at most 200. */
    @GetMapping("/releases")
    public List<Release> releases(@RequestParam(required = false) String since) {
        Instant from = TimeParameter.parse("since", since, clock.instant().minus(Duration.ofDays(7)));
        record Found(String id, Instant at, String repository, String tag, String digest, String source) {
        }
        List<Found> found = jdbc.sql("SELECT event_id, occurred_at, repository, tag, digest, source FROM image_events "
                + "WHERE event_type = 'DISCOVERED' AND occurred_at >= ? ORDER BY occurred_at DESC LIMIT "
                + RELEASE_LIMIT).param(from.toEpochMilli()).query((row, n) -> new Found(row.getString(1),
                Instant.ofEpochMilli(row.getLong(2)), row.getString(3), row.getString(4), row.getString(5),
                row.getString(6))).list();
        List<Release> releases = new ArrayList<>();
        for (Found f : found) {
            List<String> commits = jdbc.sql("SELECT DISTINCT sha FROM commit_causes WHERE cause_event_id = ? "
                    + "ORDER BY sha").param(f.id()).query(String.class).list();
            List<String> applied = new ArrayList<>();
            for (String sha : commits) {
                jdbc.sql("SELECT DISTINCT cluster FROM applies WHERE commit_sha = ? AND event_type = 'COMPLETED' "
                        + "AND status <> 'FAILED' ORDER BY cluster").param(sha).query(String.class).list().stream()
                        .filter(c -> !applied.contains(c)).forEach(applied::add);
            }
            releases.add(new Release(f.at(), f.repository(), f.tag(), f.digest(), f.source(), commits, applied));
        }
        return releases;
    }

    /** The objects drifting now, of one cluster or all. */
    @GetMapping("/drift")
    public List<OpenDrift> drift(@RequestParam(required = false) String cluster) {
        return openDrift(cluster == null || cluster.isBlank() ? null : cluster.strip());
    }

    private List<OpenDrift> openDrift(String cluster) {
        String where = cluster == null ? "" : " AND cluster = ?";
        JdbcClient.StatementSpec sql = jdbc.sql("SELECT event_type, cluster, drift_kind, obj_kind, obj_namespace, "
                + "obj_name, commit_sha, field_paths, occurred_at FROM drift WHERE event_type IN ('DETECTED', "
                + "'RESOLVED')" + where + " ORDER BY occurred_at, event_id");
        if (cluster != null) {
            sql = sql.param(cluster);
        }
        // the latest detection or resolution of each object decides
        Map<String, OpenDrift> open = new LinkedHashMap<>();
        sql.query((RowCallbackHandler) row -> {
            String key = row.getString(2) + "/" + row.getString(4) + "/" + row.getString(5) + "/" + row.getString(6);
            if ("RESOLVED".equals(row.getString(1))) {
                open.remove(key);
            } else {
                open.remove(key);
                open.put(key, new OpenDrift(row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                        row.getString(6), row.getString(7), row.getString(8), Instant.ofEpochMilli(row.getLong(9))));
            }
        });
        List<OpenDrift> sorted = new ArrayList<>(open.values());
        sorted.sort(java.util.Comparator.comparing(OpenDrift::cluster).thenComparing(d -> String.valueOf(d.kind()))
                .thenComparing(d -> String.valueOf(d.namespace())).thenComparing(d -> String.valueOf(d.name())));
        return sorted;
    }
}
