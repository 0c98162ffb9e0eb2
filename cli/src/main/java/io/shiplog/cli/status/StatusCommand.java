package io.shiplog.cli.status;

import io.shiplog.cli.audit.AuditApiOptions;
import io.shiplog.cli.audit.AuditHttp;
import io.shiplog.cli.audit.LogOptions;
import io.shiplog.cli.audit.Table;
import io.shiplog.cli.common.CommonOptions;
import io.shiplog.cli.common.OutputOptions;
import io.shiplog.cli.context.ShiplogContext;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code shiplog status}: each service's health (its actuator), the consumer lag of each group per topic, and each
 * cluster's last apply and open drift (the audit API). Exit 1 when a service is not UP or a source cannot be read.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"The fleet's health at a glance: each service's health (the context's services, else the "
            + "local ports 8181-8184), consumer lag per group and topic, each cluster's last apply and open drift.",
            "Exit 1 when a service is not UP or Kafka or the audit API cannot be read."})
public final class StatusCommand implements Callable<Integer> {

    static final Map<String, String> LOCAL_SERVICES = Map.of("registry-scanner", "http://127.0.0.1:8181",
            "git-writer", "http://127.0.0.1:8182", "cluster-applier", "http://127.0.0.1:8183",
            "drift-auditor", "http://127.0.0.1:8184");

    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Mixin
    AuditApiOptions api;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean healthy = true;
        Map<String, String> services = new java.util.TreeMap<>(log.context().map(ShiplogContext::services)
                .filter(s -> !s.isEmpty()).orElse(LOCAL_SERVICES));
        List<ServiceHealth.Health> health = new ArrayList<>();
        services.forEach((name, url) -> health.add(ServiceHealth.of(name, url)));
        healthy &= health.stream().allMatch(h -> "UP".equals(h.status()));

        List<ConsumerLag.Lag> lag = List.of();
        String lagProblem = null;
        try {
            lag = ConsumerLag.read(log.clientConfig());
        } catch (RuntimeException e) {
            lagProblem = "consumer lag not readable: " + e.getMessage();
            healthy = false;
        }
        JsonNode clusters = null;
        String clustersProblem = null;
        try {
            clusters = api.http().get("/api/v1/fleet/clusters");
        } catch (AuditHttp.ApiException e) {
            clustersProblem = "clusters not readable from the audit API: " + e.getMessage();
            healthy = false;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("services", health);
        answer.put("consumerLag", lag);
        answer.put("clusters", clusters);
        List<String> problems = new ArrayList<>();
        if (lagProblem != null) {
            problems.add(lagProblem);
        }
        if (clustersProblem != null) {
            problems.add(clustersProblem);
        }
        answer.put("problems", problems);
        if (!output.printStructured(OutputOptions.tree(answer), out)) {
            print(health, lag, clusters, out);
            problems.forEach(err::println);
            err.flush();
        }
        return healthy ? CommonOptions.OK : CommonOptions.FAILED;
    }

    private static void print(List<ServiceHealth.Health> health, List<ConsumerLag.Lag> lag, JsonNode clusters,
                              PrintWriter out) {
        Table services = new Table("SERVICE", "HEALTH", "URL", "DETAIL");
        health.forEach(h -> services.row(h.service(), h.status(), h.url(), h.detail()));
        services.print(out);
        out.println();
        Table lags = new Table("GROUP", "TOPIC", "LAG", "PARTITIONS");
        lag.forEach(l -> lags.row(l.group(), l.topic(), l.lag(), l.partitions()));
        lags.print(out);
        out.println();
        Table table = new Table("CLUSTER", "LAST APPLY", "RESULT", "AT", "DRIFT");
        if (clusters != null) {
            for (JsonNode c : clusters) {
                table.row(c.path("cluster").asString(), c.path("lastCommitSha").asString("-"),
                        c.path("lastStatus").asString("-"), c.path("lastAt").asString("-"),
                        c.path("openDrift").asInt());
            }
        }
        table.print(out);
    }
}
