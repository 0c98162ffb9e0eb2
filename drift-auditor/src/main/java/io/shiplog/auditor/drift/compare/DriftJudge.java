package io.shiplog.auditor.drift.compare;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.shiplog.auditor.config.IgnoreRule;
import io.shiplog.cluster.manifest.ObjectKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which differences between what applying git would produce (a server-side apply dry-run) and the live
 * object count as drift: every field difference minus the ignore rules' JSON pointers and the fields their field
 * managers own. A Secret's values are never carried: its differences outside labels and plain annotations are
 * reported by path only.
 */
public final class DriftJudge {

    private static final String LAST_APPLIED = "/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration";

    private DriftJudge() {
    }

    /** The drifted fields of {@code key}; empty when live matches git. */
    public static List<FieldDrift> drifted(ObjectKey key, JsonObject dryRun, JsonObject live, List<IgnoreRule> rules) {
        List<FieldDiff.Difference> differences = FieldDiff.between(dryRun, live);
        if (differences.isEmpty()) {
            return List.of();
        }
        List<String> pointers = new ArrayList<>();
        Set<String> managers = new LinkedHashSet<>();
        for (IgnoreRule rule : rules) {
            if (rule.matches(key)) {
                pointers.addAll(rule.jsonPointers());
                managers.addAll(rule.managers());
            }
        }
        ManagedFields.Owned owned = ManagedFields.ownedBy(live, managers);
        boolean secret = isSecret(key);
        List<FieldDrift> drifted = new ArrayList<>();
        for (FieldDiff.Difference difference : differences) {
            String path = difference.path();
            if (pointers.stream().anyMatch(p -> JsonPointer.isAtOrUnder(path, p)) || owned.owns(path)) {
                continue;
            }
            if (secret && !isPlainSecretMetadata(path)) {
                drifted.add(new FieldDrift(path, null, null, true));
            } else {
                drifted.add(new FieldDrift(path, json(difference.desired()), json(difference.live()), false));
            }
        }
        return drifted;
    }

    public static boolean isSecret(ObjectKey key) {
        return key.group().isEmpty() && key.kind().equals("Secret");
    }

    /** A Secret's labels, annotations (but the last-applied copy of the whole object) and name are not secret. */
    private static boolean isPlainSecretMetadata(String path) {
        return path.startsWith("/metadata/labels/")
                || path.startsWith("/metadata/annotations/") && !JsonPointer.isAtOrUnder(path, LAST_APPLIED)
                || path.equals("/type") || path.equals("/immutable");
    }

    private static String json(JsonElement element) {
        return element == null ? null : element.toString();
    }
}
