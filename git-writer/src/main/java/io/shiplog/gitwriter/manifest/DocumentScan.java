package io.shiplog.gitwriter.manifest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;

/**
 * Finds the declarations in one YAML document: inline markers on values (grouped by mapping for split values) and
 * Flux v1 / Keel workload annotations on the containers of a pod template. Aliases are not followed while walking,
 * so an alias bomb costs nothing; every scalar is visited once, where it is written.
 */
final class DocumentScan {

    /** A marker found on a value. {@code owner} is the mapping (or sequence) holding the value, for grouping. */
    record Found(Marker marker, ValueSlot slot, Object owner) {
    }

    /** A container image automated by workload annotations. */
    record Annotated(MarkerStyle style, String spec, ValueSlot slot) {
    }

    private static final java.util.regex.Pattern SIMPLE_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_$/-]+");
    private static final List<String> FLUX_V1_PREFIXES = List.of("fluxcd.io/", "flux.weave.works/");
    private static final List<String> LOCKS = List.of("shiplog.io/locked", "fluxcd.io/locked", "flux.weave.works/locked");
    private static final List<List<String>> POD_SPECS = List.of(List.of("spec", "template", "spec"),
            List.of("spec", "jobTemplate", "spec", "template", "spec"), List.of("spec"));

    private final ParsedFile file;
    private final YamlNode root;
    private final List<Found> markers = new ArrayList<>();
    private final List<ScanProblem> problems = new ArrayList<>();
    private final Map<YamlNode, Boolean> visited = new IdentityHashMap<>();

    DocumentScan(ParsedFile file, YamlNode root) {
        this.file = file;
        this.root = root;
    }

    List<Found> markers() {
        walk(root, "");
        return markers;
    }

    List<ScanProblem> problems() {
        return problems;
    }

    /** The Kubernetes object this document is, or null. */
    ObjectRef object() {
        if (!(root instanceof YamlNode.Mapping m)) {
            return null;
        }
        String apiVersion = m.text("apiVersion");
        String kind = m.text("kind");
        YamlNode.Mapping metadata = m.mapping("metadata");
        if (apiVersion == null || kind == null || metadata == null || metadata.text("name") == null) {
            return null;
        }
        int slash = apiVersion.indexOf('/');
        return new ObjectRef(slash < 0 ? "" : apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind,
                metadata.text("namespace"), metadata.text("name"));
    }

    /** Whether a lock annotation ({@code shiplog.io/locked}, {@code fluxcd.io/locked}, …) is "true". */
    boolean locked() {
        Map<String, String> annotations = metadataMap("annotations");
        return LOCKS.stream().anyMatch(k -> "true".equalsIgnoreCase(annotations.getOrDefault(k, "")));
    }

    /**
     * Field prefixes ({@code spec.template.spec.containers[0].}) of the containers that a
     * {@code shiplog.io/locked.<container>: "true"} annotation locks.
     */
    List<String> lockedContainers() {
        Map<String, String> annotations = metadataMap("annotations");
        List<String> out = new ArrayList<>();
        if (annotations.keySet().stream().noneMatch(k -> k.startsWith("shiplog.io/locked."))) {
            return out;
        }
        for (List<String> podPath : POD_SPECS) {
            YamlNode.Mapping podSpec = descend(podPath);
            if (podSpec == null) {
                continue;
            }
            for (String list : List.of("initContainers", "containers")) {
                if (!(YamlNode.resolve(podSpec.get(list)) instanceof YamlNode.Sequence seq)) {
                    continue;
                }
                for (int i = 0; i < seq.items().size(); i++) {
                    if (YamlNode.resolve(seq.items().get(i)) instanceof YamlNode.Mapping container
                            && container.text("name") != null && "true".equalsIgnoreCase(annotations.getOrDefault(
                            "shiplog.io/locked." + container.text("name"), ""))) {
                        out.add(String.join(".", podPath) + "." + list + "[" + i + "].");
                    }
                }
            }
        }
        return out;
    }

    /** Containers automated by Flux v1 or Keel annotations (labels too, for Keel). */
    List<Annotated> annotated() {
        Map<String, String> annotations = metadataMap("annotations");
        Map<String, String> labels = metadataMap("labels");
        boolean flux = false;
        String fluxPrefix = null;
        for (String prefix : FLUX_V1_PREFIXES) {
            if ("true".equalsIgnoreCase(annotations.getOrDefault(prefix + "automated", ""))) {
                flux = true;
                fluxPrefix = prefix;
            }
        }
        // like Keel: when the annotations name a policy, its options come from the annotations too, else from
        // labels; the legacy keel.observer/policy counts where keel.sh/policy is absent
        Map<String, String> keelSource = keelPolicy(annotations) != null ? annotations : labels;
        String keel = keelPolicy(keelSource);
        if (keel != null && (keel.isBlank() || keel.equalsIgnoreCase("never"))) {
            keel = null;
        }
        List<Annotated> out = new ArrayList<>();
        if (!flux && keel == null) {
            return out;
        }
        String matchTag = keelSource.getOrDefault("keel.sh/match-tag", "false");
        // Keel: present and anything but exactly "true" turns the pre-release match off
        String matchPrerelease = keelSource.getOrDefault("keel.sh/matchPreRelease", "true");
        for (List<String> podPath : POD_SPECS) {
            YamlNode.Mapping podSpec = descend(podPath);
            if (podSpec == null || (podSpec.get("containers") == null && podSpec.get("initContainers") == null)) {
                continue;
            }
            String base = String.join(".", podPath);
            for (String list : List.of("initContainers", "containers")) {
                if (!(YamlNode.resolve(podSpec.get(list)) instanceof YamlNode.Sequence seq)) {
                    continue;
                }
                for (int i = 0; i < seq.items().size(); i++) {
                    if (!(YamlNode.resolve(seq.items().get(i)) instanceof YamlNode.Mapping container)
                            || !(container.get("image") instanceof YamlNode.Scalar image)) {
                        continue;
                    }
                    ValueSlot slot = file.slot(image, ValuePart.FULL, base + "." + list + "[" + i + "].image");
                    if (flux) {
                        out.add(new Annotated(MarkerStyle.FLUX_V1, fluxV1Spec(annotations, fluxPrefix, container.text("name")), slot));
                    } else {
                        String spec = "keel:" + keel.strip() + (matchTag.equals("true") ? ";match-tag=true" : "")
                                + (matchPrerelease.equals("true") ? "" : ";match-prerelease=false");
                        out.add(new Annotated(MarkerStyle.KEEL, spec, slot));
                    }
                }
            }
            break;
        }
        return out;
    }

    private static String keelPolicy(Map<String, String> map) {
        return map.containsKey("keel.sh/policy") ? map.get("keel.sh/policy") : map.get("keel.observer/policy");
    }

    /** Flux v1 filter of a container: {@code semver:}, {@code glob:}, {@code regex:}/{@code regexp:}, or a bare glob. */
    private static String fluxV1Spec(Map<String, String> annotations, String prefix, String container) {
        String filter = null;
        if (container != null) {
            filter = annotations.get(prefix + "tag." + container);
            if (filter == null) {
                filter = annotations.get("filter.fluxcd.io/" + container);
            }
        }
        if (filter == null || filter.isBlank()) {
            return "glob:*";
        }
        String f = filter.strip();
        String lower = f.toLowerCase(Locale.ROOT);
        if (lower.startsWith("semver:")) {
            // Flux v1 read tags with Masterminds semver's NewVersion: 1.2 is 1.2.0, unlike Flux v2
            return f + ";lenient=true";
        }
        if (lower.startsWith("glob:")) {
            return f;
        }
        if (lower.startsWith("regexp:") || lower.startsWith("regex:")) {
            return "regex:" + f.substring(f.indexOf(':') + 1) + ";order=newest";
        }
        return "glob:" + f;
    }

    private YamlNode.Mapping descend(List<String> keys) {
        YamlNode node = root;
        for (String key : keys) {
            if (!(YamlNode.resolve(node) instanceof YamlNode.Mapping m)) {
                return null;
            }
            node = m.get(key);
        }
        return YamlNode.resolve(node) instanceof YamlNode.Mapping m ? m : null;
    }

    private Map<String, String> metadataMap(String which) {
        Map<String, String> out = new java.util.HashMap<>();
        if (root instanceof YamlNode.Mapping m && m.mapping("metadata") != null
                && m.mapping("metadata").mapping(which) != null) {
            for (YamlNode.Entry e : m.mapping("metadata").mapping(which).entries()) {
                if (e.key() instanceof YamlNode.Scalar k && YamlNode.resolve(e.value()) instanceof YamlNode.Scalar v) {
                    out.put(k.value(), v.value());
                }
            }
        }
        return out;
    }

    private void walk(YamlNode node, String path) {
        if (node instanceof YamlNode.Alias || visited.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof YamlNode.Mapping m) {
            Set<String> seen = new HashSet<>();
            for (YamlNode.Entry e : m.entries()) {
                String key = e.key() instanceof YamlNode.Scalar k ? k.value() : "?";
                if (!seen.add(key)) {
                    continue;
                }
                String child = path.isEmpty() ? keyPath(key) : path + (keyPath(key).startsWith("[") ? "" : ".") + keyPath(key);
                if (e.value() instanceof YamlNode.Scalar s) {
                    check(s, child, m);
                } else {
                    walk(e.value(), child);
                }
            }
        } else if (node instanceof YamlNode.Sequence seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                YamlNode item = seq.items().get(i);
                String child = path + "[" + i + "]";
                if (item instanceof YamlNode.Scalar s) {
                    check(s, child, seq);
                } else {
                    walk(item, child);
                }
            }
        }
    }

    private void check(YamlNode.Scalar scalar, String field, Object owner) {
        String comment = file.lineComment(scalar);
        if (comment == null) {
            return;
        }
        try {
            Marker.parse(comment).ifPresent(marker -> {
                ValueSlot slot = file.slot(scalar, marker.part(), field);
                boolean block = scalar.style() == ScalarStyle.LITERAL || scalar.style() == ScalarStyle.FOLDED;
                if (block && slot.span().start() == slot.span().end()) {
                    problems.add(new ScanProblem(file.path(), scalar.line() + 1,
                            "marked block scalar at " + field + " must hold exactly one line"));
                    return;
                }
                markers.add(new Found(marker, slot, owner));
            });
        } catch (Marker.Invalid e) {
            problems.add(new ScanProblem(file.path(), scalar.line() + 1, e.getMessage() + " (at " + field + ")"));
        }
    }

    private static String keyPath(String key) {
        if (SIMPLE_KEY.matcher(key).matches()) {
            return key;
        }
        return "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }
}
