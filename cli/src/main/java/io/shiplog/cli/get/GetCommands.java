package io.shiplog.cli.get;

import io.shiplog.cli.audit.ApiQuery;
import io.shiplog.cli.audit.AuditHttp;
import io.shiplog.cli.audit.Table;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** The {@code shiplog get} queries: each asks the audit API's {@code /api/v1/fleet} and prints a table. */
final class GetCommands {

    private GetCommands() {
    }

    /** Asks, then prints a table or the answer as JSON/YAML; a refusal exits 1 with the API's message. */
    abstract static class Get extends ApiQuery {
        @Override
        protected String command() {
            return "shiplog get " + spec.name();
        }

        static String text(JsonNode node, String field) {
            JsonNode value = node.path(field);
            return value.isMissingNode() || value.isNull() ? "-" : value.asString();
        }

        static String list(JsonNode node, String field) {
            List<String> values = new ArrayList<>();
            node.path(field).forEach(v -> values.add(v.asString()));
            return values.isEmpty() ? "-" : String.join(",", values);
        }

        static String shortSha(String sha) {
            return sha.length() > 12 ? sha.substring(0, 12) : sha;
        }
    }

    @Command(name = "clusters", mixinStandardHelpOptions = true,
            description = "Every cluster: its last apply (commit, outcome, when), the commit it runs, open drift.")
    static final class Clusters extends Get {
        @Override
        protected JsonNode fetch(AuditHttp http) {
            return http.get("/api/v1/fleet/clusters");
        }

        @Override
        protected void table(JsonNode answer, PrintWriter out) {
            Table table = new Table("CLUSTER", "LAST APPLY", "RESULT", "TRIGGER", "AT", "RUNS", "DRIFT");
            for (JsonNode c : answer) {
                table.row(text(c, "cluster"), shortSha(text(c, "lastCommitSha")), text(c, "lastStatus"),
                        text(c, "lastTrigger"), text(c, "lastAt"), shortSha(text(c, "appliedCommitSha")),
                        text(c, "openDrift"));
            }
            table.print(out);
        }
    }

    @Command(name = "apps", mixinStandardHelpOptions = true,
            description = "What runs where now: each image repository per cluster and workload, tag, since when.")
    static final class Apps extends Get {
        @Option(names = "--app", paramLabel = "REPOSITORY", description = "Only this image repository.")
        String repository;

        @Override
        protected JsonNode fetch(AuditHttp http) {
            return http.get("/api/v1/fleet/applications", "repository", repository);
        }

        @Override
        protected void table(JsonNode answer, PrintWriter out) {
            Table table = new Table("APP", "CLUSTER", "WORKLOAD", "TAG", "DIGEST", "SINCE");
            for (JsonNode p : answer) {
                table.row(text(p, "repository"), text(p, "cluster"), text(p, "kind") + "/" + text(p, "namespace")
                        + "/" + text(p, "name"), text(p, "tag"), text(p, "digest"), text(p, "since"));
            }
            table.print(out);
        }
    }

    @Command(name = "releases", mixinStandardHelpOptions = true,
            description = "The releases found since --since, newest first: the tag, its commits, where applied.")
    static final class Releases extends Get {
        @Option(names = "--since", paramLabel = "TIME", description = "ISO-8601 time or an age like 2h, 7d "
                + "(default: 7 days ago).")
        Instant since;

        @Override
        protected JsonNode fetch(AuditHttp http) {
            return http.get("/api/v1/fleet/releases", "since", since == null ? null : since.toString());
        }

        @Override
        protected void table(JsonNode answer, PrintWriter out) {
            Table table = new Table("FOUND", "IMAGE", "BY", "COMMITS", "APPLIED TO");
            for (JsonNode r : answer) {
                List<String> commits = new ArrayList<>();
                r.path("commits").forEach(c -> commits.add(shortSha(c.asString())));
                table.row(text(r, "foundAt"), text(r, "repository") + ":" + text(r, "tag"), text(r, "source"),
                        commits.isEmpty() ? "-" : String.join(",", commits), list(r, "appliedTo"));
            }
            table.print(out);
        }
    }

    @Command(name = "drift", mixinStandardHelpOptions = true,
            description = "The objects that drift from git now, with the fields that differ.")
    static final class Drift extends Get {
        @Option(names = "--cluster", description = "Only this cluster.")
        String cluster;

        @Override
        protected JsonNode fetch(AuditHttp http) {
            return http.get("/api/v1/fleet/drift", "cluster", cluster);
        }

        @Override
        protected void table(JsonNode answer, PrintWriter out) {
            Table table = new Table("CLUSTER", "DRIFT", "OBJECT", "FIELDS", "COMMIT", "SINCE");
            for (JsonNode d : answer) {
                table.row(text(d, "cluster"), text(d, "driftKind"), text(d, "kind") + "/" + text(d, "namespace") + "/"
                        + text(d, "name"), text(d, "fieldPaths"), shortSha(text(d, "commitSha")),
                        text(d, "detectedAt"));
            }
            table.print(out);
        }
    }
}
