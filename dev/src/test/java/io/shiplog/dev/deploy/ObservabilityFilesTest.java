package io.shiplog.dev.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the alert rules are valid PromQL as Prometheus itself reads it ({@code promtool}, Debian's
 * prometheus package), and each reads Shiplog's metrics. That those metrics exist is checked where they are served:
 * ReleaseEndToEndIT scrapes the four services after real releases.
 */
class ObservabilityFilesTest {

    @Test
    void theAlertRulesAreValidForPrometheus() throws Exception {
        assertThat(promtool("check", "rules", ObservabilityFiles.ALERTS.toString())).contains("SUCCESS");
    }

    @Test
    void everyDashboardQueryIsValidPromQlWithItsVariablesSet(@TempDir Path dir) throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (Map.Entry<String, List<String>> panel : ObservabilityFiles.dashboardQueries().entrySet()) {
            for (String query : panel.getValue()) {
                String expression = query.startsWith("label_values(") ? ObservabilityFiles.metricNames(query)
                        .iterator().next() : query.replace("$__rate_interval", "5m").replace("$cluster", ".*");
                rules.append("      - record: dashboard:query").append(n++).append("\n        expr: '")
                        .append(expression.replace("'", "''")).append("'\n");
            }
        }
        Path file = dir.resolve("dashboard-queries.yaml");
        Files.writeString(file, rules);

        assertThat(promtool("check", "rules", file.toString())).contains("SUCCESS: " + n + " rules found");
    }

    @Test
    void everyPanelAndAlertReadsShiplogMetricsAndSaysWhatIsWrong() throws Exception {
        Map<String, List<String>> panels = ObservabilityFiles.dashboardQueries();
        assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
        panels.forEach((title, queries) -> {
            assertThat(queries).as(title).isNotEmpty();
            queries.forEach(query -> assertThat(ObservabilityFiles.metricNames(query)).as(title + ": " + query)
                    .isNotEmpty().allMatch(name -> name.startsWith("shiplog_")));
        });
        ObservabilityFiles.alertQueries().forEach((alert, query) -> assertThat(ObservabilityFiles.metricNames(query))
                .as(alert + ": " + query).isNotEmpty().allMatch(name -> name.startsWith("shiplog_")));
        List<String> rules = List.of(Files.readString(ObservabilityFiles.ALERTS).split("- alert: ", -1));
        assertThat(rules).hasSize(ObservabilityFiles.alertQueries().size() + 1);
        assertThat(rules.subList(1, rules.size()))
                .allSatisfy(rule -> assertThat(rule).contains("summary:", "description:", "severity:"));
    }

    @Test
    void metricNamesAreReadOutOfPromQl() {
        assertThat(ObservabilityFiles.metricNames("histogram_quantile(0.95, sum by (cluster, le) "
                + "(rate(shiplog_release_latency_seconds_bucket{cluster=~\"a|b\"}[5m]))) > 300 and on (cluster) "
                + "max(shiplog_applier_suspended offset 5m) == 0"))
                .containsExactly("shiplog_applier_suspended", "shiplog_release_latency_seconds_bucket");
        assertThat(ObservabilityFiles.metricNames("label_values(shiplog_applier_reconciles_total, cluster)"))
                .containsExactly("shiplog_applier_reconciles_total");
    }

    private static String promtool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ":\n" + output).isZero();
        return output;
    }
}
