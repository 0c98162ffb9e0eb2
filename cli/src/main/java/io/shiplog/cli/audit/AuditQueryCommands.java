package io.shiplog.cli.audit;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * The six audit queries as {@code shiplog audit} subcommands: each calls the HTTP API and prints a table, or the
 * answer as JSON or YAML ({@code -o}).
 */
final class AuditQueryCommands {

    private AuditQueryCommands() {
    }

    /** Runs a query, printing the API's message and exiting 1 when it refuses (404, 400, 401). */
    abstract static class Query extends ApiQuery {
        @Override
        protected String command() {
            return "shiplog audit";
        }

        static String iso(Instant time) {
            return time == null ? null : time.toString();
        }

        static String text(JsonNode node, String field) {
            JsonNode value = node.path(field);
            return value.isMissingNode() || value.isNull() ? "-" : value.asString();
        }

        static String duration(JsonNode node, String field) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return "-";
            }
            long ms = value.asLong();
            if (ms < 1_000) {
                return ms + "ms";
            }
            if (ms < 120_000) {
                return String.format("%.1fs", ms / 1000.0);
            }
            if (ms < 7_200_000) {
                return String.format("%.1fm", ms / 60_000.0);
            }
            return String.format("%.1fh", ms / 3_600_000.0);
        }

        static void more(JsonNode page, PrintWriter out) {
            if (page.path("more").asBoolean()) {
                out.println("(more: --page " + (page.path("page").asInt() + 1) + ")");
            }
        }
    }

    @Command(name = "state", mixinStandardHelpOptions = true,
            description = "What a cluster ran at a time: the commit applied and every workload's images.")
    static final class State extends Query {
        @Option(names = "--cluster", required = true) String cluster;
        @Option(names = "--at", paramLabel = "TIME", description = "ISO-8601 time or an age like 2h (default: now).")
        Instant at;
        @Option(names = "--page", defaultValue = "0") int page;

        @Override
        protected JsonNode fetch(AuditHttp http) {
            return http.get("/api/v1/clusters/" + AuditHttp.segment(cluster) + "/state", "at", iso(at),
                    "page", String.valueOf(page), "size", "200");
        }

        @Override
        protected void table(JsonNode state, PrintWriter out) {
            out.println("cluster " + cluster + " at " + text(state, "at") + ": commit " + text(state, "commitSha")
                    + " (applied " + text(state, "appliedAt") + ", " + text(state, "status") + ")");
            Table table = new Table("KIND", "NAMESPACE", "NAME", "IMAGES", "RESULT", "HEALTH");
            for (JsonNode w : state.path("workloads").path("items")) {
                List<String> images = new ArrayList<>();
                w.path("images").forEach(i -> images.add(i.asString()));
                table.row(text(w, "kind"), text(w, "namespace"), text(w, "name"), String.join(" ", images),
                        text(w, "action"), text(w, "health"));
            }
            table.print(out);
            more(state.path("workloads"), out);
        }
    }

    @Command(name = "where", mixinStandardHelpOptions = true,
            description = "Where an image repository runs now: tag, digest and since when, per cluster.")
    static final class Where extends Query {
        @Parameters(paramLabel = "REPOSITORY") String repository;
        @Option(names = "--page", defaultValue = "0") int page;

        @Override
        protected JsonNode fetch(AuditHttp http) {
            return http.get("/api/v1/images/locations", "repository", repository, "page", String.valueOf(page),
                    "size", "200");
        }

        @Override
        protected void table(JsonNode rows, PrintWriter out) {
            Table table = new Table("CLUSTER", "WORKLOAD", "TAG", "DIGEST", "SINCE");
            for (JsonNode r : rows.path("items")) {
                table.row(text(r, "cluster"), text(r, "kind") + "/" + text(r, "namespace") + "/" + text(r, "name"),
                        text(r, "tag"), text(r, "digest"), text(r, "since"));
            }
            table.print(out);
            more(rows, out);
        }
    }

    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = "The chain of a release from a tag, repository:tag, digest or commit sha.")
    static final class Trace extends Query {
        @Parameters(paramLabel = "REF") String ref;

        @Override
        protected JsonNode fetch(AuditHttp http) {
            return http.get("/api/v1/trace", "ref", ref);
        }

        @Override
        protected void table(JsonNode trace, PrintWriter out) {
            Traces.print(ref, trace, out);
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "A cluster's applies, failures, prunes and drift in [--from, --to).")
    static final class History extends Query {
        @Option(names = "--cluster", required = true) String cluster;
        @Option(names = {"--since", "--from"}, paramLabel = "TIME",
                description = "ISO-8601 time or an age like 2h (default: 7 days before --to).") Instant from;
        @Option(names = "--to", paramLabel = "TIME", description = "Default: now (exclusive).") Instant to;
        @Option(names = "--page", defaultValue = "0") int page;

        @Override
        protected JsonNode fetch(AuditHttp http) {
            return http.get("/api/v1/clusters/" + AuditHttp.segment(cluster) + "/history", "from", iso(from),
                    "to", iso(to), "page", String.valueOf(page), "size", "200");
        }

        @Override
        protected void table(JsonNode rows, PrintWriter out) {
            Table table = new Table("WHEN", "EVENT", "COMMIT", "STATUS", "OBJECT", "DETAIL");
            for (JsonNode r : rows.path("items")) {
                table.row(text(r, "at"), text(r, "type"), text(r, "commitSha"), text(r, "status"), text(r, "object"),
                        text(r, "detail"));
            }
            table.print(out);
            more(rows, out);
        }
    }

    @Command(name = "dora", mixinStandardHelpOptions = true,
            description = "Delivery metrics: lead time, deployment frequency, change failure rate, time to restore.")
    static final class Dora extends Query {
        @Option(names = {"--since", "--from"}, paramLabel = "TIME",
                description = "ISO-8601 time or an age like 7d (default: 28 days before --to).") Instant from;
        @Option(names = "--to", paramLabel = "TIME", description = "Default: now (exclusive).") Instant to;
        @Option(names = "--cluster") String cluster;
        @Option(names = "--application", paramLabel = "REPOSITORY") String application;
        @Option(names = "--by", paramLabel = "cluster|application",
                description = "Deliveries per week and cluster, or per week, cluster and application (default: "
                        + "cluster without --cluster and --application, application with either).") String by;
        @Option(names = "--limit", paramLabel = "ROWS",
                description = "Delivery rows shown, 1 to 5000 (default: 1000).") Integer limit;
        @Option(names = "--offset", paramLabel = "ROWS",
                description = "Delivery rows skipped first (default: 0).") Integer offset;

        @Override
        protected JsonNode fetch(AuditHttp http) {
            return http.get("/api/v1/dora", "from", iso(from), "to", iso(to), "cluster", cluster, "application",
                    application, "by", by, "limit", limit == null ? null : limit.toString(), "offset",
                    offset == null ? null : offset.toString());
        }

        @Override
        protected void table(JsonNode dora, PrintWriter out) {
            out.println("from " + text(dora, "from") + " to " + text(dora, "to") + ": " + text(dora, "deployments")
                    + " deployments (" + text(dora, "deploymentsPerWeek") + "/week), change failure rate "
                    + text(dora, "changeFailureRate") + ", lead time p50 " + duration(dora, "leadTimeP50Ms")
                    + " p90 " + duration(dora, "leadTimeP90Ms") + " p99 " + duration(dora, "leadTimeP99Ms")
                    + ", time to restore p50 " + duration(dora, "timeToRestoreP50Ms"));
            boolean perApplication = !"cluster".equals(dora.path("by").asString(""));
            List<String> headers = new ArrayList<>(List.of("WEEK", "CLUSTER", "APPLICATION", "DEPLOYS", "FAILED",
                    "CFR", "LEAD_P50", "LEAD_P90", "LEAD_P99"));
            if (!perApplication) {
                headers.remove("APPLICATION");
            }
            Table deliveries = new Table(headers.toArray(String[]::new));
            for (JsonNode r : dora.path("deliveries")) {
                List<String> cells = new ArrayList<>(List.of(text(r, "week"), text(r, "cluster"),
                        text(r, "application"), text(r, "deployments"), text(r, "failedDeployments"),
                        text(r, "changeFailureRate"), duration(r, "leadTimeP50Ms"), duration(r, "leadTimeP90Ms"),
                        duration(r, "leadTimeP99Ms")));
                if (!perApplication) {
                    cells.remove(2);
                }
                deliveries.row(cells.toArray());
            }
            deliveries.print(out);
            pageOf(dora, out);
            out.println();
            Table restores = new Table("WEEK", "CLUSTER", "INCIDENTS", "RESTORED", "RESTORE_P50", "RESTORE_MAX");
            for (JsonNode r : dora.path("restores")) {
                restores.row(text(r, "week"), text(r, "cluster"), text(r, "incidents"), text(r, "restored"),
                        duration(r, "timeToRestoreP50Ms"), duration(r, "timeToRestoreMaxMs"));
            }
            restores.print(out);
        }

        /** Which delivery rows the table holds, when not all of them: the next {@code --offset} if more follow. */
        private void pageOf(JsonNode dora, PrintWriter out) {
            int shown = dora.path("deliveries").size();
            int total = dora.path("deliveriesTotal").asInt(shown);
            int first = offset == null ? 0 : offset;
            if (shown == total) {
                return;
            }
            if (shown == 0) {
                out.println("(no delivery rows from --offset " + first + ": " + total + " in all)");
            } else if (first + shown < total) {
                out.println("(more: delivery rows " + (first + 1) + "-" + (first + shown) + " of " + total
                        + "; --offset " + (first + shown) + " for the next)");
            } else {
                out.println("(delivery rows " + (first + 1) + "-" + (first + shown) + " of " + total + ")");
            }
        }
    }

    @Command(name = "changes", mixinStandardHelpOptions = true,
            description = "Who changed what: the commits, human or Shiplog, that touched an object.")
    static final class Changes extends Query {
        @Option(names = "--kind", required = true) String kind;
        @Option(names = "--name", required = true) String name;
        @Option(names = {"--namespace", "-n"}) String namespace;
        @Option(names = "--page", defaultValue = "0") int page;

        @Override
        protected JsonNode fetch(AuditHttp http) {
            return http.get("/api/v1/objects/changes", "kind", kind, "name", name, "namespace", namespace,
                    "page", String.valueOf(page), "size", "200");
        }

        @Override
        protected void table(JsonNode rows, PrintWriter out) {
            Table table = new Table("COMMITTED", "SHA", "BY", "AUTHOR", "PATHS", "CHANGE");
            for (JsonNode r : rows.path("items")) {
                List<String> paths = new ArrayList<>();
                r.path("paths").forEach(p -> paths.add(p.asString()));
                List<String> changes = new ArrayList<>();
                r.path("changes").forEach(c -> changes.add(c.asString()));
                table.row(text(r, "committedAt"), text(r, "sha"), r.path("byShiplog").asBoolean() ? "shiplog"
                        : "human", text(r, "author"), String.join(",", paths),
                        changes.isEmpty() ? text(r, "message") : String.join("; ", changes));
            }
            table.print(out);
            more(rows, out);
        }
    }
}
