package io.shiplog.dev;

import io.shiplog.dev.demo.DemoInfrastructure;
import io.shiplog.dev.demo.DemoRepository;
import io.shiplog.dev.demo.DemoState;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** What {@code shiplog dev} prints: where everything runs, the demo's outcome, and what to try next. */
final class DevConsole {

    private final DevEnvironment env;
    private final PrintWriter out;

    DevConsole(DevEnvironment env, PrintWriter out) {
        this.env = env;
        this.out = out;
    }

    void printRunning() {
        out.println();
        out.println("Shiplog dev is running (Ctrl-C stops it)");
        row("kafka", env.bootstrapServers());
        row("schema registry", env.registryUrl());
        env.serviceUrls().forEach((name, url) -> row(name, url + "  (health " + url + "/actuator/health, metrics "
                + url + "/actuator/prometheus)"));
        env.demo().ifPresent(demo -> {
            row("container registry", demo.registry().url() + "  (images " + demo.image() + ")");
            row("git server", demo.git().httpUrl(DemoRepository.NAME));
            demo.clusters().forEach(c -> row("cluster " + c.name(), c.serverUrl() + "  (kubeconfig "
                    + c.kubeconfigPath() + ")"));
        });
        env.fleetFile().ifPresent(file -> row("fleet file", file.toString()));
        row("data", env.data().toString());
        env.apiTokenFile().ifPresent(file -> row("API token", "in " + file + "  (role write, every service; new "
                + "each run)"));
        if (env.serviceUrls().isEmpty()) {
            out.println("  (no services: --no-services)");
        } else if (env.demo().isEmpty() && env.fleetFile().isEmpty()) {
            out.println("  No fleet file: the services have nothing to do. Run the demo (without --config) or pass "
                    + "--config shiplog.yaml (see examples/shiplog.yaml).");
        }
        out.println();
        out.flush();
    }

    void printSummary(DemoRelease.Outcome outcome) {
        out.println();
        out.println(outcome.summary());
        out.flush();
    }

    void printResumed(DemoState state) {
        List<String> released = state.released();
        out.println("demo: resumed; released so far: " + String.join(", ", released)
                + " (nothing is released again; push a new tag to release one)");
        out.flush();
    }

    void printTryNext(DemoState state, List<String> clusters) {
        DemoInfrastructure demo = env.demo().orElseThrow();
        String image = demo.image();
        URI auditor = env.serviceUrls().get("drift-auditor");
        Path data = env.data().root();
        String dataArg = env.data().temporary() ? "" : " --data-dir " + data;
        out.println();
        out.println("Try next (in another terminal):");
        out.println("  ./shiplog dev push " + image + ":" + state.nextTag() + dataArg
                + "     # a new release, like CI pushing an image");
        out.println("  ./shiplog dev push " + image + ":2.0.0" + dataArg
                + "     # outside every policy: the trace says why nothing moved");
        out.println("  skopeo copy --src-tls-verify=false --dest-tls-verify=false docker://" + image + ":"
                + lastOr(state, "1.1.0") + " docker://" + image + ":1.9.0     # or push with any registry client");
        out.println("  export SHIPLOG_AUDIT_URL=" + auditor + " SHIPLOG_AUDIT_TOKEN=$(cat "
                + env.apiTokenFile().orElseThrow() + ")");
        out.println("  open " + auditor + "/ui/     # the web view: fleet matrix, releases, drift, DORA (sign in with "
                + "that token)");
        out.println("  ./shiplog get clusters; ./shiplog status     # what runs where, and each service's health");
        out.println("  ./shiplog diff --cluster " + clusters.get(0) + " --config " + env.fleetFile().orElseThrow()
                + "     # git against the live cluster");
        out.println("  ./shiplog audit trace " + image + ":" + lastOr(state, "1.1.0"));
        out.println("  curl -H \"Authorization: Bearer $SHIPLOG_AUDIT_TOKEN\" "
                + env.serviceUrls().get("cluster-applier") + "/clusters     # the applier's clusters (same token)");
        out.println("  ./shiplog audit state --cluster " + clusters.get(0));
        out.println("  ./shiplog audit where " + image);
        out.println("  ./shiplog audit history --cluster " + clusters.get(clusters.size() - 1));
        out.println("  kubectl --kubeconfig " + demo.clusters().get(0).kubeconfigPath() + " -n "
                + DemoRepository.NAMESPACE + " get deployments -o wide");
        out.println("  ./shiplog config check " + env.fleetFile().orElseThrow()
                + "     # the fleet file the services read");
        out.println();
        out.flush();
    }

    private static String lastOr(DemoState state, String fallback) {
        List<String> released = state.released();
        return released.isEmpty() ? fallback : released.get(released.size() - 1);
    }

    private void row(String name, String value) {
        out.printf("  %-20s %s%n", name, value);
    }
}
