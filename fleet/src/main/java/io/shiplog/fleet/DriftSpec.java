package io.shiplog.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code clusters[].drift}: whether drift is reported, corrected or not looked for, how often, and what to ignore. */
public record DriftSpec(Mode mode, Duration interval, List<IgnoreRule> ignore) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);
    public static final DriftSpec DEFAULT = new DriftSpec(Mode.REPORT, DEFAULT_INTERVAL, List.of());

    public DriftSpec {
        ignore = List.copyOf(ignore);
    }

    /** What the auditor does about drift. */
    public enum Mode { REPORT, CORRECT, OFF }

    /**
     * Differences to ignore, like Argo CD's {@code ignoreDifferences} / Flux's {@code spec.ignore}: objects matched by
     * group, kind, namespace and name ({@code *} globs; absent matches all), then the fields at {@code jsonPointers}
     * and the fields owned by {@code managers}.
     */
    public record IgnoreRule(Optional<String> group, Optional<String> kind, Optional<String> namespace,
                             Optional<String> name, List<String> jsonPointers, List<String> managers) {

        public IgnoreRule {
            jsonPointers = List.copyOf(jsonPointers);
            managers = List.copyOf(managers);
        }

        /** Whether the rule applies to this object (group "" is the core group). */
        public boolean matches(String objectGroup, String objectKind, String objectNamespace, String objectName) {
            return glob(group, objectGroup) && glob(kind, objectKind) && glob(namespace, objectNamespace)
                    && glob(name, objectName);
        }

        private static boolean glob(Optional<String> pattern, String value) {
            if (pattern.isEmpty()) {
                return true;
            }
            String text = value == null ? "" : value;
            StringBuilder regex = new StringBuilder();
            String[] parts = pattern.get().split("\\*", -1);
            for (int i = 0; i < parts.length; i++) {
                regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
            }
            return Pattern.matches(regex.toString(), text);
        }
    }
}
