package io.shiplog.auditor.notify;

import io.shiplog.auditor.config.NotificationProperties.Rule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which targets a notice goes to: every target of every rule that matches it, each once. A rule matches when the
 * notice's type is one of its events (or, with none listed, one a team acts on), one of its clusters and one of its
 * apps are among the notice's (lists left empty match anything), and the notice is at least as severe as the rule
 * asks. Names may use {@code *} as a wildcard.
 */
final class Rules {

    /** The event types a rule without events sends. */
    static final List<String> DEFAULT_EVENTS = List.of("ApplyCompleted", "ApplyFailed", "CommitFailed",
            "DriftDetected", "DriftResolved", "AuditFailed");

    private record Compiled(List<Pattern> events, List<Pattern> clusters, List<Pattern> apps, Rule rule) {
    }

    private final List<Compiled> rules = new ArrayList<>();

    Rules(List<Rule> rules) {
        for (Rule rule : rules) {
            this.rules.add(new Compiled(patterns(rule.events().isEmpty() ? DEFAULT_EVENTS : rule.events()),
                    patterns(rule.clusters()), patterns(rule.apps()), rule));
        }
    }

    /** The names of the targets {@code notice} goes to, in the order rules name them. */
    Set<String> targets(Notice notice) {
        Set<String> targets = new LinkedHashSet<>();
        for (Compiled rule : rules) {
            if (notice.severity().compareTo(rule.rule().minSeverity()) >= 0
                    && matchesAny(rule.events(), List.of(notice.type()))
                    && (rule.clusters().isEmpty() || matchesAny(rule.clusters(), notice.clusters()))
                    && (rule.apps().isEmpty() || matchesAny(rule.apps(), notice.apps()))) {
                targets.addAll(rule.rule().targets());
            }
        }
        return targets;
    }

    private static boolean matchesAny(List<Pattern> patterns, List<String> values) {
        for (String value : values) {
            for (Pattern pattern : patterns) {
                if (pattern.matcher(value).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Pattern> patterns(List<String> globs) {
        List<Pattern> patterns = new ArrayList<>();
        for (String glob : globs) {
            StringBuilder regex = new StringBuilder();
            for (String part : glob.split("\\*", -1)) {
                if (!regex.isEmpty() || glob.startsWith("*")) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(part));
            }
            patterns.add(Pattern.compile(regex.toString()));
        }
        return patterns;
    }
}
