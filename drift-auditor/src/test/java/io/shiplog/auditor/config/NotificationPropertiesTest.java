package io.shiplog.auditor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.auditor.config.NotificationProperties.CloudEventsMode;
import io.shiplog.auditor.config.NotificationProperties.Retry;
import io.shiplog.auditor.config.NotificationProperties.Rule;
import io.shiplog.auditor.config.NotificationProperties.Severity;
import io.shiplog.auditor.config.NotificationProperties.Target;
import io.shiplog.auditor.config.NotificationProperties.TargetType;
import io.shiplog.fleet.Fleet;
import io.shiplog.fleet.read.FleetLoader;
import io.shiplog.fleet.spring.FleetPropertySources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class NotificationPropertiesTest {

    private static final String SLACK_URL = "https://hooks.slack.test/services/T000/B000/sekrit-token-value";

    @Test
    void bindsTargetsAndRulesWithTheirDefaults() {
        NotificationProperties properties = bind(Map.of(
                "shiplog.notifications.web-base-url", "https://shiplog.acme.test",
                "shiplog.notifications.targets[0].name", "team-chat",
                "shiplog.notifications.targets[0].type", "slack",
                "shiplog.notifications.targets[0].url", SLACK_URL,
                "shiplog.notifications.rules[0].clusters[0]", "prod-*",
                "shiplog.notifications.rules[0].min-severity", "warning",
                "shiplog.notifications.rules[0].targets[0]", "team-chat"));

        assertThat(properties.active()).isTrue();
        assertThat(properties.targets().get(0).ratePerMinute()).isEqualTo(60);
        assertThat(properties.targets().get(0).mode()).isEqualTo(CloudEventsMode.STRUCTURED);
        assertThat(properties.rules().get(0).minSeverity()).isEqualTo(Severity.WARNING);
        assertThat(properties.rules().get(0).events()).isEmpty();
        assertThat(properties.retry().attempts()).isEqualTo(5);
    }

    @Test
    void aRuleNamingAnUnknownTargetFailsNamingIt() {
        assertThatThrownBy(() -> properties(List.of(slack()), List.of(new Rule(List.of(), List.of(), List.of(),
                Severity.INFO, List.of("team-chat", "pager")))))
                .hasMessageContaining("rules[0].targets").hasMessageContaining("'pager'");
    }

    @Test
    void aWebhookWithoutASecretFails() {
        assertThatThrownBy(() -> new Target("hook", TargetType.WEBHOOK, "https://hooks.test/x", null,
                CloudEventsMode.STRUCTURED, 60, 10)).hasMessageContaining("'hook'").hasMessageContaining("secret");
    }

    @Test
    void aBadUrlFailsWithoutShowingTheUrl() {
        String url = "ftp://hooks.test/sekrit-token-value";

        assertThatThrownBy(() -> new Target("chat", TargetType.SLACK, url, null, CloudEventsMode.STRUCTURED, 60, 10))
                .hasMessageContaining("'chat'").hasMessageNotContaining("sekrit-token-value");
    }

    @Test
    void urlsAndSecretsNeverShowInTheProperties() {
        Target hook = new Target("hook", TargetType.WEBHOOK, SLACK_URL, "hmac-sekrit", CloudEventsMode.STRUCTURED,
                60, 10);

        assertThat(properties(List.of(hook), List.of()).toString()).doesNotContain("sekrit").contains("hook");
    }

    @Test
    void bindingABadTargetFailsAtStartUp() {
        assertThatThrownBy(() -> bind(Map.of(
                "shiplog.notifications.targets[0].name", "hook",
                "shiplog.notifications.targets[0].type", "webhook",
                "shiplog.notifications.targets[0].url", SLACK_URL)))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("a webhook target needs a secret");
    }

    @Test
    void theFleetFilesNotificationsBindToTheseProperties(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("shiplog.yaml"), """
                apiVersion: shiplog.io/v1alpha1
                kind: Fleet
                notifications:
                  webBaseUrl: https://shiplog.acme.test
                  retry: {attempts: 3, initial: 2s, max: 1m}
                  targets:
                    - name: chat
                      type: teams
                      url: ${env:TEAMS_URL}
                      ratePerMinute: 20
                    - name: events
                      type: cloudevents
                      url: ${env:CE_URL}
                      mode: binary
                  rules:
                    - apps: [shop]
                      minSeverity: error
                      targets: [chat, events]
                """);
        Map<String, String> env = Map.of("TEAMS_URL", SLACK_URL, "CE_URL", "http://127.0.0.1:9000/events");
        Fleet fleet = FleetLoader.defaults().withEnvironment(env::get).withTuningSections(List.of()).load(file)
                .orThrow();
        Map<String, Object> values = new HashMap<>(FleetPropertySources.plain(fleet));
        values.putAll(FleetPropertySources.secrets(fleet));

        NotificationProperties properties = new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("shiplog.notifications", NotificationProperties.class);

        assertThat(properties.webBaseUrl()).isEqualTo("https://shiplog.acme.test");
        assertThat(properties.retry()).isEqualTo(new Retry(3, Duration.ofSeconds(2), Duration.ofMinutes(1)));
        assertThat(properties.targets()).extracting(Target::type).containsExactly(TargetType.TEAMS,
                TargetType.CLOUDEVENTS);
        assertThat(properties.targets().get(0).url()).isEqualTo(SLACK_URL);
        assertThat(properties.targets().get(0).ratePerMinute()).isEqualTo(20);
        assertThat(properties.targets().get(1).mode()).isEqualTo(CloudEventsMode.BINARY);
        assertThat(properties.rules().get(0).minSeverity()).isEqualTo(Severity.ERROR);
        assertThat(properties.rules().get(0).apps()).containsExactly("shop");
        assertThat(properties.rules().get(0).targets()).containsExactly("chat", "events");
    }

    private static Target slack() {
        return new Target("team-chat", TargetType.SLACK, SLACK_URL, null, CloudEventsMode.STRUCTURED, 60, 10);
    }

    private static NotificationProperties properties(List<Target> targets, List<Rule> rules) {
        return new NotificationProperties(null, targets, rules, new Retry(5, Duration.ofSeconds(1),
                Duration.ofSeconds(30)), Duration.ofSeconds(10), 1000, NotificationProperties.ReadFrom.END,
                "group");
    }

    private static NotificationProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("shiplog.notifications", NotificationProperties.class);
    }
}
