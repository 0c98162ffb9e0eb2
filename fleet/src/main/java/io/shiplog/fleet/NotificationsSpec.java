package io.shiplog.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code notifications}: the drift-auditor's notification targets (Slack, Teams, webhook, CloudEvents) and the rules
 * that send events to them. Target URLs and webhook secrets are {@link Secret}s (Slack and Teams URLs embed a token).
 * What is absent takes the auditor's defaults.
 */
public record NotificationsSpec(Optional<String> webBaseUrl, List<Target> targets, List<Rule> rules,
                                Optional<Duration> timeout, Optional<Integer> retryAttempts,
                                Optional<Duration> retryInitial, Optional<Duration> retryMax) {

    public static final NotificationsSpec NONE = new NotificationsSpec(Optional.empty(), List.of(), List.of(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    /** Target types. */
    public static final List<String> TYPES = List.of("slack", "teams", "webhook", "cloudevents");
    /** Severities, least first. */
    public static final List<String> SEVERITIES = List.of("info", "warning", "error");

    public NotificationsSpec {
        targets = List.copyOf(targets);
        rules = List.copyOf(rules);
    }

    /** {@code notifications.targets[]}: one receiver. */
    public record Target(String name, String type, Secret url, Optional<Secret> secret, Optional<String> mode,
                         Optional<Integer> ratePerMinute, Optional<Integer> queue) {
    }

    /** {@code notifications.rules[]}: which events go to which targets (empty lists match anything). */
    public record Rule(List<String> events, List<String> clusters, List<String> apps, Optional<String> minSeverity,
                       List<String> targets) {
        public Rule {
            events = List.copyOf(events);
            clusters = List.copyOf(clusters);
            apps = List.copyOf(apps);
            targets = List.copyOf(targets);
        }
    }
}
