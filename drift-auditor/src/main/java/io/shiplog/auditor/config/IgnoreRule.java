package io.shiplog.auditor.config;

import io.shiplog.cluster.manifest.ObjectKey;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shiplog.drift.clusters[i].ignore[j]}: differences not to report on matching objects, like Flux's
 * {@code spec.ignore} and Argo CD's {@code ignoreDifferences}. Empty selectors match everything; {@code name} and
 * {@code namespace} may use {@code *} as a wildcard.
 *
 * @param group        API group of the objects ({@code apps}); empty or absent matches every group
 * @param kind         kind of the objects ({@code Deployment})
 * @param namespace    namespace of the objects
 * @param name         name of the objects
 * @param jsonPointers fields to ignore, as RFC 6901 JSON pointers ({@code /spec/replicas}); everything beneath too
 * @param managers     ignore every field these field managers own ({@code kube-controller-manager} for an HPA)
 */
public record IgnoreRule(String group, String kind, String namespace, String name,
                         @DefaultValue List<String> jsonPointers, @DefaultValue List<String> managers) {

    public IgnoreRule {
        jsonPointers = jsonPointers == null ? List.of() : List.copyOf(jsonPointers);
        managers = managers == null ? List.of() : List.copyOf(managers);
    }

    public boolean matches(ObjectKey key) {
        return (group == null || group.equals("*") || group.equals(key.group()))
                && (kind == null || kind.isBlank() || kind.equals(key.kind()))
                && glob(namespace, key.namespace() == null ? "" : key.namespace())
                && glob(name, key.name());
    }

    private static boolean glob(String pattern, String value) {
        if (pattern == null || pattern.isBlank()) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(java.util.regex.Pattern.quote(part));
        }
        return value.matches(regex.toString());
    }
}
