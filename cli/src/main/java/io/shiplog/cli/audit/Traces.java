package io.shiplog.cli.audit;

import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/** A release's trace (the audit API's {@code /api/v1/trace} answer) as a table: each step with its time. */
public final class Traces {

    private Traces() {
    }

    /** Prints the trace of {@code ref}. */
    public static void print(String ref, JsonNode trace, PrintWriter out) {
        out.println("release " + ref + " (" + text(trace, "refKind") + "), discovered to last apply: "
                + duration(trace, "discoveredToLastApplyMs"));
        Table table = new Table("STEP", "WHEN", "WHAT", "DETAIL", "AFTER");
        for (JsonNode d : trace.path("discovered")) {
            table.row("discovered", text(d, "at"), text(d, "repository") + ":" + text(d, "tag"),
                    text(d, "type") + " by " + text(d, "source") + " " + text(d, "digest"), "-");
        }
        for (JsonNode k : trace.path("skipped")) {
            table.row("skipped", text(k, "at"), text(k, "reason"), text(k, "detail"), "-");
        }
        for (JsonNode c : trace.path("commits")) {
            table.row("committed", text(c, "at"), text(c, "sha"), text(c, "author") + " <" + text(c, "email")
                    + ">" + (c.path("byShiplog").asBoolean() ? " (shiplog)" : " (human)"),
                    duration(c, "sinceDiscoveryMs"));
        }
        for (JsonNode a : trace.path("applies")) {
            table.row("applied", text(a, "at"), text(a, "cluster"), text(a, "status") + ", " + text(a, "health"),
                    duration(a, "sinceCommitMs"));
        }
        for (JsonNode d : trace.path("drift")) {
            table.row("drift", text(d, "at"), text(d, "cluster"), text(d, "driftKind") + " " + text(d, "object")
                    + " " + text(d, "fieldPaths"), "-");
        }
        table.print(out);
    }

    private static String text(JsonNode node, String field) {
        return AuditQueryCommands.Query.text(node, field);
    }

    private static String duration(JsonNode node, String field) {
        return AuditQueryCommands.Query.duration(node, field);
    }
}
