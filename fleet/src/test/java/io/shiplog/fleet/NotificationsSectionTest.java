package io.shiplog.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.fleet.read.FleetLoader;
import io.shiplog.fleet.spring.FleetPropertySources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet file's {@code notifications} section: checked with line numbers, handed to the auditor's properties. */
class NotificationsSectionTest {

    private static final String SLACK_URL = "https://hooks.slack.test/services/T0/B0/sl4ck-t0ken";
    private static final Map<String, String> ENV = Map.of("SLACK_URL", SLACK_URL, "HOOK_URL",
            "https://hooks.acme.test/shiplog", "HOOK_SECRET", "h00k-hmac-s3cr3t");

    @TempDir
    Path dir;

    @Test
    void targetsAndRulesBecomeTheAuditorsNotificationPropertiesWithUrlsAsSecrets() throws Exception {
        Fleet fleet = load("""
                notifications:
                  webBaseUrl: https://shiplog.acme.test
                  timeout: 5s
                  retry: {attempts: 3, initial: 2s, max: 1m}
                  targets:
                    - name: team-chat
                      type: slack
                      url: ${env:SLACK_URL}
                    - name: audit-hook
                      type: webhook
                      url: ${env:HOOK_URL}
                      secret: ${env:HOOK_SECRET}
                      ratePerMinute: 120
                  rules:
                    - events: [ApplyCompleted, DriftDetected]
                      clusters: [prod-*]
                      minSeverity: warning
                      targets: [team-chat, audit-hook]
                """).orThrow();

        Map<String, Object> plain = FleetPropertySources.plain(fleet);
        Map<String, Object> secrets = FleetPropertySources.secrets(fleet);
        assertThat(plain).containsEntry("shiplog.notifications.web-base-url", "https://shiplog.acme.test")
                .containsEntry("shiplog.notifications.timeout", "PT5S")
                .containsEntry("shiplog.notifications.retry.attempts", 3)
                .containsEntry("shiplog.notifications.targets[0].name", "team-chat")
                .containsEntry("shiplog.notifications.targets[0].type", "slack")
                .containsEntry("shiplog.notifications.targets[1].rate-per-minute", 120)
                .containsEntry("shiplog.notifications.rules[0].events[1]", "DriftDetected")
                .containsEntry("shiplog.notifications.rules[0].clusters[0]", "prod-*")
                .containsEntry("shiplog.notifications.rules[0].min-severity", "warning")
                .containsEntry("shiplog.notifications.rules[0].targets[1]", "audit-hook");
        assertThat(plain.toString()).doesNotContain("sl4ck-t0ken").doesNotContain("h00k-hmac-s3cr3t");
        assertThat(secrets).containsEntry("shiplog.notifications.targets[0].url", SLACK_URL)
                .containsEntry("shiplog.notifications.targets[1].secret", "h00k-hmac-s3cr3t");
        assertThat(fleet.toString()).doesNotContain("sl4ck-t0ken");
    }

    @Test
    void mistakesAreNamedWithTheirLineAndNoSecretIsShown() throws Exception {
        FleetLoad load = load("""
                notifications:
                  targets:
                    - name: team-chat
                      type: slack
                      url: https://hooks.slack.test/services/T0/B0/inline-t0ken
                    - name: audit-hook
                      type: webhook
                      url: ${env:HOOK_URL}
                    - name: pager
                      type: pagerduty
                      url: ${env:HOOK_URL}
                  rules:
                    - targets: [team-chat, nobody]
                      minSeverity: critical
                """);

        List<String> problems = load.problems().stream().map(p -> p.line() + " " + p.path() + ": " + p.message())
                .toList();
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("14 notifications.targets[0].url: ")
                        .contains("not an inline value"))
                .anySatisfy(p -> assertThat(p).startsWith("15 notifications.targets[1].secret: ")
                        .contains("required for a webhook target"))
                .anySatisfy(p -> assertThat(p).startsWith("19 notifications.targets[2].type: ")
                        .contains("one of slack, teams, webhook, cloudevents"))
                .anySatisfy(p -> assertThat(p).startsWith("22 notifications.rules[0].targets[1]: ")
                        .contains("no target is named 'nobody'"))
                .anySatisfy(p -> assertThat(p).startsWith("23 notifications.rules[0].minSeverity: ")
                        .contains("one of info, warning, error"));
        assertThat(problems.toString()).doesNotContain("inline-t0ken");
    }

    private FleetLoad load(String notifications) throws Exception {
        Path file = TestFleets.write(dir.resolve("shiplog.yaml"), TestFleets.small("prod-eu") + notifications);
        return FleetLoader.defaults().withEnvironment(ENV::get).withTuningSections(List.of()).load(file);
    }
}
