package io.shiplog.auditor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.auditor.config.NotificationProperties.Rule;
import io.shiplog.auditor.config.NotificationProperties.Severity;
import io.shiplog.events.ApplyStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesTest {

    private final Notices notices = new Notices(null);

    @Test
    void aReleaseGoesToEveryTargetOfEveryMatchingRuleOnce() {
        Rules rules = new Rules(List.of(
                rule(List.of("ApplyCompleted"), List.of("prod-*"), List.of(), Severity.INFO, "slack", "hook"),
                rule(List.of(), List.of(), List.of("shop"), Severity.INFO, "hook", "teams"),
                rule(List.of("DriftDetected"), List.of(), List.of(), Severity.INFO, "pager")));

        assertThat(rules.targets(release("prod-eu", ApplyStatus.SUCCEEDED)))
                .containsExactly("slack", "hook", "teams");
    }

    @Test
    void clustersAndAppsMustMatchWhenARuleNamesThem() {
        Rules rules = new Rules(List.of(
                rule(List.of(), List.of("prod-*"), List.of(), Severity.INFO, "prod"),
                rule(List.of(), List.of(), List.of("billing"), Severity.INFO, "billing")));

        assertThat(rules.targets(release("staging", ApplyStatus.SUCCEEDED))).isEmpty();
        assertThat(rules.targets(release("prod-us", ApplyStatus.SUCCEEDED))).containsExactly("prod");
    }

    @Test
    void aRuleSendsOnlyEventsAtLeastAsSevereAsItAsks() {
        Rules rules = new Rules(List.of(rule(List.of(), List.of(), List.of(), Severity.WARNING, "oncall")));

        assertThat(rules.targets(release("prod-eu", ApplyStatus.SUCCEEDED))).isEmpty();
        assertThat(rules.targets(release("prod-eu", ApplyStatus.PARTIALLY_FAILED))).containsExactly("oncall");
        assertThat(rules.targets(release("prod-eu", ApplyStatus.FAILED))).containsExactly("oncall");
    }

    @Test
    void aRuleWithoutEventsSendsWhatATeamActsOnButNotRoutineEvents() {
        Rules rules = new Rules(List.of(rule(List.of(), List.of(), List.of(), Severity.INFO, "all")));
        Notice audit = new Notice("e1", "AuditCompleted", Severity.INFO, "AuditCompleted", NoticeSamples.AT, "r1",
                List.of("prod-eu"), List.of(), List.of(), null, null, java.util.Map.of(), null);

        assertThat(rules.targets(release("prod-eu", ApplyStatus.SUCCEEDED))).containsExactly("all");
        assertThat(rules.targets(audit)).isEmpty();
    }

    private Notice release(String cluster, ApplyStatus status) {
        return notices.of("shiplog.applies", cluster, NoticeSamples.release("e-" + cluster, cluster, status))
                .orElseThrow();
    }

    private static Rule rule(List<String> events, List<String> clusters, List<String> apps, Severity min,
                             String... targets) {
        return new Rule(events, clusters, apps, min, List.of(targets));
    }
}
