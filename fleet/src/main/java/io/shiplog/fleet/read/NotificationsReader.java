package io.shiplog.fleet.read;

import io.shiplog.fleet.NotificationsSpec;
import io.shiplog.fleet.Secret;
import io.shiplog.fleet.read.ReadContext.Value;
import io.shiplog.fleet.yaml.Nodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads {@code notifications}: targets (names unique, URLs and secrets by reference) and rules naming them. */
final class NotificationsReader {

    private NotificationsReader() {
    }

    static NotificationsSpec notifications(Fields top) {
        return top.mapping("notifications", List.of("webBaseUrl", "targets", "rules", "timeout", "retry"))
                .map(NotificationsReader::read).orElse(NotificationsSpec.NONE);
    }

    private static NotificationsSpec read(Fields n) {
        Optional<String> web = n.string("webBaseUrl").filter(url -> {
            Optional<String> problem = Checks.httpUrlProblem(url, "the link is shown to every receiver");
            problem.ifPresent(p -> n.problem("webBaseUrl", p));
            return problem.isEmpty();
        });
        List<NotificationsSpec.Target> targets = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (Fields.Item item : n.items("targets")) {
            Fields t = Fields.open(n.context(), item.node(), item.path(), List.of("name", "type", "url", "secret",
                    "mode", "ratePerMinute", "queue"));
            Optional<String> name = t.requiredString("name", Checks.NAME_EXPECTED);
            name.ifPresent(v -> {
                if (!Checks.NAME.matcher(v).matches()) {
                    t.problem("name", "expected " + Checks.NAME_EXPECTED + ", got " + Nodes.quote(v));
                } else if (names.putIfAbsent(v, item.path()) != null) {
                    t.problem("name", "duplicate target name (first at " + names.get(v) + ")");
                }
            });
            Optional<String> type = oneOf(t, "type", NotificationsSpec.TYPES, true);
            Optional<Secret> url = t.secret("url");
            if (!t.has("url")) {
                t.missing("url", "is required: the receiver's URL, a reference ${env:NAME} or ${file:/path} (it is "
                        + "a secret: Slack and Teams URLs embed a token)");
            }
            url.ifPresent(u -> Checks.httpUrlProblem(u.reveal(), "keep them out of the URL")
                    .ifPresent(p -> t.problem("url", u.reference() + " does not resolve to an http(s) URL")));
            Optional<Secret> secret = t.secret("secret");
            if (type.filter("webhook"::equals).isPresent() && !t.has("secret")) {
                t.missing("secret", "is required for a webhook target: the HMAC secret that signs each request, a "
                        + "reference ${env:NAME} or ${file:/path}");
            }
            Optional<String> mode = oneOf(t, "mode", List.of("structured", "binary"), false);
            targets.add(new NotificationsSpec.Target(name.orElse(""), type.orElse(""),
                    url.orElse(new Secret("", "")), secret, mode, t.integer("ratePerMinute", 1, 100_000),
                    t.integer("queue", 1, 100_000)));
        }
        List<NotificationsSpec.Rule> rules = new ArrayList<>();
        for (Fields.Item item : n.items("rules")) {
            Fields r = Fields.open(n.context(), item.node(), item.path(), List.of("events", "clusters", "apps",
                    "minSeverity", "targets"));
            List<Value> targetValues = r.strings("targets", "a target name");
            List<String> ruleTargets = texts(targetValues);
            if (ruleTargets.isEmpty()) {
                r.missing("targets", "is required: the names of the targets this rule sends to");
            }
            for (Value target : targetValues) {
                if (!names.containsKey(target.text())) {
                    r.context().problems().add(target.node(), target.path(), "no target is named "
                            + Nodes.quote(target.text()) + " (targets: " + names.keySet().stream().sorted().toList()
                            + ")");
                }
            }
            rules.add(new NotificationsSpec.Rule(texts(r.strings("events", "an event type (ApplyCompleted, …)")),
                    texts(r.strings("clusters", "a cluster name")), texts(r.strings("apps", "an app name")),
                    oneOf(r, "minSeverity", NotificationsSpec.SEVERITIES, false), ruleTargets));
        }
        Optional<Fields> retry = n.mapping("retry", List.of("attempts", "initial", "max"));
        return new NotificationsSpec(web, targets, rules, n.optionalDuration("timeout", false),
                retry.flatMap(x -> x.integer("attempts", 1, 20)),
                retry.flatMap(x -> x.optionalDuration("initial", true)),
                retry.flatMap(x -> x.optionalDuration("max", false)));
    }

    private static Optional<String> oneOf(Fields fields, String key, List<String> allowed, boolean required) {
        String expected = "one of " + String.join(", ", allowed);
        Optional<String> value = required ? fields.requiredString(key, expected) : fields.string(key);
        return value.map(v -> v.strip().toLowerCase(Locale.ROOT)).filter(v -> {
            if (!allowed.contains(v)) {
                fields.problem(key, "expected " + expected + ", got " + Nodes.quote(v));
                return false;
            }
            return true;
        });
    }

    private static List<String> texts(List<Value> values) {
        return values.stream().map(Value::text).toList();
    }
}
