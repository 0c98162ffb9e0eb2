package io.shiplog.gitwriter.manifest;

import io.shiplog.policy.PolicySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Flux {@code ImagePolicy} and {@code ImageRepository} objects ({@code image.toolkit.fluxcd.io} v1beta1, v1beta2
 * and v1) found anywhere in the repository, and the translation of a policy into a Shiplog spec. A setter names
 * {@code <ns>:<name>}: an object with that namespace matches; failing that, a single object of that name without
 * a namespace.
 */
final class FluxImageObjects {

    private static final String GROUP = "image.toolkit.fluxcd.io/";

    /** A resolved Flux policy: the image repository, the Shiplog spec and where the policy is. */
    record Resolved(String image, String spec, String where) {
    }

    private record Found(YamlNode.Mapping root, String namespace, String where) {
    }

    private final Map<String, List<Found>> policies = new HashMap<>();
    private final Map<String, List<Found>> repositories = new HashMap<>();

    /** Indexes a document when it is an ImagePolicy or ImageRepository. */
    void add(String path, YamlNode document) {
        if (!(document instanceof YamlNode.Mapping root)) {
            return;
        }
        String apiVersion = root.text("apiVersion");
        String kind = root.text("kind");
        YamlNode.Mapping metadata = root.mapping("metadata");
        if (apiVersion == null || !apiVersion.startsWith(GROUP) || kind == null || metadata == null
                || metadata.text("name") == null) {
            return;
        }
        Found found = new Found(root, metadata.text("namespace"), path + ":" + (root.line() + 1));
        switch (kind) {
            case "ImagePolicy" -> policies.computeIfAbsent(metadata.text("name"), k -> new ArrayList<>()).add(found);
            case "ImageRepository" -> repositories.computeIfAbsent(metadata.text("name"), k -> new ArrayList<>()).add(found);
            default -> {
            }
        }
    }

    /** Resolves {@code <ns>:<name>}; throws with a message naming what is missing or wrong. */
    Resolved resolve(String policyRef) throws Marker.Invalid {
        String[] ref = policyRef.split(":", 2);
        Found policy = find(policies, ref[0], ref[1])
                .orElseThrow(() -> new Marker.Invalid("ImagePolicy " + ref[0] + "/" + ref[1] + " not found in the repository"));
        YamlNode.Mapping spec = policy.root().mapping("spec");
        if (spec == null) {
            throw new Marker.Invalid("ImagePolicy " + ref[0] + "/" + ref[1] + " at " + policy.where() + " has no spec");
        }
        YamlNode.Mapping repoRef = spec.mapping("imageRepositoryRef");
        if (repoRef == null || repoRef.text("name") == null) {
            throw new Marker.Invalid("ImagePolicy " + ref[0] + "/" + ref[1] + " at " + policy.where()
                    + " has no spec.imageRepositoryRef.name");
        }
        String repoNamespace = repoRef.text("namespace") != null ? repoRef.text("namespace")
                : policy.namespace() != null ? policy.namespace() : ref[0];
        Found repository = find(repositories, repoNamespace, repoRef.text("name"))
                .orElseThrow(() -> new Marker.Invalid("ImageRepository " + repoNamespace + "/" + repoRef.text("name")
                        + " (of ImagePolicy " + ref[0] + "/" + ref[1] + ") not found in the repository"));
        YamlNode.Mapping repoSpec = repository.root().mapping("spec");
        String image = repoSpec == null ? null : repoSpec.text("image");
        if (image == null) {
            throw new Marker.Invalid("ImageRepository " + repoNamespace + "/" + repoRef.text("name") + " at "
                    + repository.where() + " has no spec.image");
        }
        PolicySpec translated = translate(spec, policy.where());
        if (YamlNode.resolve(repoSpec.get("exclusionList")) instanceof YamlNode.Sequence list) {
            for (YamlNode item : list.items()) {
                if (YamlNode.resolve(item) instanceof YamlNode.Scalar s) {
                    translated = translated.with("exclude", s.value());
                }
            }
        }
        return new Resolved(image, translated.toString(), policy.where());
    }

    private static PolicySpec translate(YamlNode.Mapping spec, String where) throws Marker.Invalid {
        YamlNode.Mapping policy = spec.mapping("policy");
        if (policy == null) {
            throw new Marker.Invalid("ImagePolicy at " + where + " has no spec.policy");
        }
        String text;
        if (policy.mapping("semver") != null && policy.mapping("semver").text("range") != null) {
            text = "semver:" + policy.mapping("semver").text("range");
        } else if (policy.get("alphabetical") != null) {
            text = "alphabetical:" + order(policy.mapping("alphabetical"));
        } else if (policy.get("numerical") != null) {
            text = "numerical:" + order(policy.mapping("numerical"));
        } else {
            throw new Marker.Invalid("ImagePolicy at " + where + " has no semver.range, alphabetical or numerical policy");
        }
        PolicySpec out = PolicySpec.parse(text);
        YamlNode.Mapping filter = spec.mapping("filterTags");
        if (filter != null && filter.text("pattern") != null) {
            out = out.with("filter", filter.text("pattern"));
            if (filter.text("extract") != null && !filter.text("extract").isEmpty()) {
                out = out.with("extract", filter.text("extract"));
            }
        }
        String reflect = spec.text("digestReflectionPolicy");
        if (reflect != null && !reflect.equalsIgnoreCase("Never")) {
            out = out.with("digest", "true");
        }
        return out;
    }

    private static String order(YamlNode.Mapping m) {
        String order = m == null ? null : m.text("order");
        return order == null ? "asc" : order.toLowerCase(Locale.ROOT);
    }

    private static Optional<Found> find(Map<String, List<Found>> index, String namespace, String name) {
        List<Found> all = index.getOrDefault(name, List.of());
        for (Found f : all) {
            if (namespace.equals(f.namespace())) {
                return Optional.of(f);
            }
        }
        List<Found> unnamespaced = all.stream().filter(f -> f.namespace() == null).toList();
        return unnamespaced.size() == 1 ? Optional.of(unnamespaced.get(0)) : Optional.empty();
    }
}
