package io.shiplog.auditor.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shiplog.notifications.*}: which events of the release log are sent where. Rules pick events (types,
 * clusters, apps, least severity) and name targets; each target is a Slack incoming webhook, a Microsoft Teams
 * workflow webhook, a generic HMAC-signed JSON webhook or a CloudEvents (CDEvents) receiver. Target URLs and secrets
 * are secrets: the fleet file gives them as {@code ${env:…}}/{@code ${file:…}} references, and they are never shown.
 *
 * @param webBaseUrl base URL of the web view; a release's notification links to {@code <webBaseUrl>/ui/#/releases/<id>}
 * @param targets    where notifications go
 * @param rules      which events go to which targets (an event goes to each target once, however many rules match)
 * @param retry      retries of a failed delivery
 * @param timeout    connect and response bound of one delivery attempt
 * @param dedupe     event ids remembered per target, so a redelivered event is not sent twice
 * @param readFrom   where a new notifications consumer group starts: {@code end} (only new events) or
 *                   {@code beginning}
 * @param group      the consumer group the auditor instances share for notifications (each event is notified by
 *                   one instance)
 */
@Validated
@ConfigurationProperties("shiplog.notifications")
public record NotificationProperties(
        String webBaseUrl,
        @Valid @DefaultValue List<Target> targets,
        @Valid @DefaultValue List<Rule> rules,
        @Valid @NotNull @DefaultValue Retry retry,
        @NotNull @DefaultValue("10s") Duration timeout,
        @Min(100) @Max(10_000_000) @DefaultValue("100000") int dedupe,
        @NotNull @DefaultValue("end") ReadFrom readFrom,
        @NotBlank @DefaultValue("drift-auditor-notifications") String group) {

    /** How bad an event is; a rule sends events at or above its least severity. */
    public enum Severity {
        INFO, WARNING, ERROR
    }

    /** What a target receives. */
    public enum TargetType {
        SLACK, TEAMS, WEBHOOK, CLOUDEVENTS
    }

    /** CloudEvents over HTTP: the whole event as the body, or attributes as {@code ce-} headers and data as body. */
    public enum CloudEventsMode {
        STRUCTURED, BINARY
    }

    /** Where a new consumer group starts. */
    public enum ReadFrom {
        END, BEGINNING
    }

    public NotificationProperties {
        Set<String> names = new HashSet<>();
        for (Target target : targets) {
            if (!names.add(target.name())) {
                throw new IllegalArgumentException("shiplog.notifications.targets: the name '" + target.name()
                        + "' is used twice");
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            for (String name : rules.get(i).targets()) {
                if (!names.contains(name)) {
                    throw new IllegalArgumentException("shiplog.notifications.rules[" + i + "].targets: no target is "
                            + "named '" + name + "' (targets: " + names.stream().sorted().toList() + ")");
                }
            }
        }
        if (webBaseUrl != null && !webBaseUrl.isBlank() && !webBaseUrl.matches("(?i)https?://\\S+")) {
            throw new IllegalArgumentException("shiplog.notifications.web-base-url must be an http(s) URL, got '"
                    + webBaseUrl + "'");
        }
    }

    /** Whether anything is to be sent. */
    public boolean active() {
        return !targets.isEmpty() && !rules.isEmpty();
    }

    /**
     * One receiver.
     *
     * @param name          how rules, metrics and log lines name it
     * @param type          slack, teams, webhook or cloudevents
     * @param url           the receiver's URL: a secret (Slack's and Teams' URLs embed a token); never shown
     * @param secret        the webhook target's HMAC secret (required there); never shown
     * @param mode          the cloudevents target's content mode
     * @param ratePerMinute deliveries per minute at most (a burst of that many, then evenly spread)
     * @param queue         notifications waiting for this target at most; more are dropped and counted
     */
    public record Target(
            @NotBlank String name,
            @NotNull TargetType type,
            @NotBlank String url,
            String secret,
            @NotNull @DefaultValue("structured") CloudEventsMode mode,
            @Min(1) @Max(100_000) @DefaultValue("60") int ratePerMinute,
            @Min(1) @Max(100_000) @DefaultValue("1000") int queue) {

        public Target {
            URI uri;
            try {
                uri = url == null ? null : URI.create(url.strip());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (url != null && (uri == null || uri.getScheme() == null || uri.getHost() == null
                    || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT)))) {
                throw new IllegalArgumentException("shiplog.notifications target '" + name
                        + "': url is not an http(s) URL (value not shown: it is a secret)");
            }
            if (type == TargetType.WEBHOOK && (secret == null || secret.isEmpty())) {
                throw new IllegalArgumentException("shiplog.notifications target '" + name
                        + "': a webhook target needs a secret to sign its requests");
            }
        }

        @Override
        public String toString() {
            return "Target[name=" + name + ", type=" + type + ", url=****" + (secret == null ? "" : ", secret=****")
                    + ", mode=" + mode + ", ratePerMinute=" + ratePerMinute + ", queue=" + queue + "]";
        }
    }

    /**
     * Which events go to which targets. Each list left empty matches anything; names may use {@code *} as a
     * wildcard.
     *
     * @param events      Shiplog event types ({@code ApplyCompleted}, {@code DriftDetected}, …); empty: the events a
     *                    team acts on ({@code ApplyCompleted}, {@code ApplyFailed}, {@code CommitFailed},
     *                    {@code DriftDetected}, {@code DriftResolved}, {@code AuditFailed})
     * @param clusters    cluster names
     * @param apps        workload names (the apps an event concerns)
     * @param minSeverity least severity sent
     * @param targets     target names
     */
    public record Rule(
            @DefaultValue List<String> events,
            @DefaultValue List<String> clusters,
            @DefaultValue List<String> apps,
            @NotNull @DefaultValue("info") Severity minSeverity,
            @NotEmpty @DefaultValue List<String> targets) {
    }

    /**
     * Retries of one delivery: an attempt that fails (connection refused, timeout, HTTP 429 or 5xx) is tried again
     * after {@code initial}, doubled each time up to {@code max}, {@code attempts} times in all; a 4xx other than
     * 408/429 is not retried.
     */
    public record Retry(
            @Min(1) @Max(20) @DefaultValue("5") int attempts,
            @NotNull @DefaultValue("1s") Duration initial,
            @NotNull @DefaultValue("30s") Duration max) {
    }

    @Override
    public String toString() {
        return "NotificationProperties[webBaseUrl=" + webBaseUrl + ", targets=" + targets + ", rules=" + rules
                + ", retry=" + retry + ", timeout=" + timeout + ", dedupe=" + dedupe + ", readFrom=" + readFrom + ", group="
                + group + "]";
    }
}
