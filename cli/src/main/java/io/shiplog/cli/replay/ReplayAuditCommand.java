package io.shiplog.cli.replay;

import io.shiplog.cli.audit.AuditHttp;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code shiplog replay audit}: asks the drift-auditor to drop its store and project the log again from offset 0,
 * and shows a progress bar with the rate until the store is live again (and its deliveries backfill done).
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Rebuild the audit store from offset 0, with a progress bar and the rate.")
public final class ReplayAuditCommand implements Callable<Integer> {

    private static final int BAR = 40;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:SHIPLOG_AUDIT_URL:-http://127.0.0.1:8184}",
            description = "Audit API base URL (default ${DEFAULT-VALUE}; env SHIPLOG_AUDIT_URL).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:SHIPLOG_AUDIT_TOKEN}",
            description = "API token: one of the fleet file's api.tokens with role write, or audit.token "
                    + "(default: env SHIPLOG_AUDIT_TOKEN).")
    String token;

    @Option(names = "--timeout", defaultValue = "30m",
            description = "Give up after this long, like 90s or 30m (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        AuditHttp http = new AuditHttp(url, token);
        try {
            long before = http.get("/api/v1/store/status").path("rebuilds").asLong();
            http.post("/api/v1/store/rebuild");
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode status = http.get("/api/v1/store/status");
                boolean started = status.path("rebuilds").asLong() > before;
                long done = started ? status.path("eventsProjected").asLong() : 0;
                long lag = status.path("lag").asLong();
                out.print("\r" + bar(done, lag) + " " + done + " events, " + status.path("eventsPerSecond").asString()
                        + " events/s   ");
                out.flush();
                // live and backfilled: the DORA query answers from each apply's row from now on
                if (started && "LIVE".equals(status.path("state").asString())
                        && status.path("backfillDone").asBoolean(true)) {
                    out.println();
                    out.println("audit store rebuilt: " + done + " events; " + status.path("deadLettered").asLong()
                            + " sent to the DLQ, " + status.path("futureFieldsIgnored").asLong()
                            + " fields of newer schemas ignored");
                    return 0;
                }
                Thread.sleep(250);
            }
            out.println();
            spec.commandLine().getErr().println("shiplog replay audit: not done after " + timeout);
            return 1;
        } catch (AuditHttp.ApiException e) {
            out.println();
            spec.commandLine().getErr().println("shiplog replay audit: " + e.getMessage());
            return 1;
        }
    }

    static String bar(long done, long lag) {
        long total = done + lag;
        int filled = total == 0 ? 0 : (int) Math.min(BAR, done * BAR / total);
        int percent = total == 0 ? 0 : (int) Math.min(100, done * 100 / total);
        return "[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + String.format("%3d%%", percent);
    }
}
