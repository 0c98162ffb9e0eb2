package io.shiplog.cluster.render.kustomize;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.UnitOrder;
import io.shiplog.cluster.manifest.ManifestLoader;
import io.shiplog.cluster.manifest.ManifestParser;
import io.shiplog.cluster.render.CommitView;
import io.shiplog.cluster.render.ObjectRenderer;
import io.shiplog.cluster.render.RenderOptions;
import io.shiplog.cluster.render.Rendered;
import io.shiplog.cluster.render.RepositoryPath;
import io.shiplog.cluster.render.UnitFailedException;
import io.shiplog.cluster.render.UnitRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Flux {@code Kustomization} objects ({@code kustomize.toolkit.fluxcd.io/v1}) found among plain files, rendered as Flux
 * would: {@code spec.path} of this repository at this commit (a kustomization is generated when it has none) under an
 * overlay generated in the work tree with {@code targetNamespace}, {@code namePrefix}/{@code nameSuffix},
 * {@code patches}, {@code images}, {@code components} and {@code commonMetadata}, then {@code postBuild.substitute};
 * {@code prune: false} marks its objects {@code shiplog.io/prune: disabled}. Fields Shiplog cannot honour are refused
 * by name. The Kustomization objects and Flux {@code GitRepository} objects are not applied.
 */
public final class FluxKustomizationRenderer implements ObjectRenderer {

    public static final String KIND = "flux-kustomization";

    private static final String GROUP = "kustomize.toolkit.fluxcd.io";
    private static final Gson GSON = new Gson();
    /** Fields that shape the output. */
    private static final Set<String> SUPPORTED = Set.of("path", "sourceRef", "prune", "targetNamespace", "namePrefix",
            "nameSuffix", "patches", "images", "components", "commonMetadata", "postBuild");
    /** Fields about when and how Flux reconciles, which Shiplog's own apply replaces (dependsOn: staged apply). */
    private static final Set<String> IGNORED = Set.of("interval", "retryInterval", "timeout", "wait", "force",
            "dependsOn", "healthChecks", "healthCheckExprs", "decryption", "deletionPolicy", "suspend");

    private final KustomizeRenderer kustomize;

    public FluxKustomizationRenderer(KustomizeRenderer kustomize) {
        this.kustomize = kustomize;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean renders(Manifest manifest) {
        return manifest.key().group().equals(GROUP) && manifest.key().kind().equals("Kustomization");
    }

    @Override
    public boolean drops(Manifest manifest) {
        return manifest.key().group().equals("source.toolkit.fluxcd.io")
                && manifest.key().kind().equals("GitRepository");
    }

    @Override
    public Optional<Map.Entry<String, UnitOrder.Dependencies>> dependencies(Manifest manifest) {
        JsonObject spec = manifest.body().has("spec") && manifest.body().get("spec").isJsonObject()
                ? manifest.body().getAsJsonObject("spec") : new JsonObject();
        String namespace = manifest.key().namespace();
        boolean wait = spec.has("wait") && spec.get("wait").isJsonPrimitive() && spec.get("wait").getAsBoolean()
                || nonEmptyArray(spec, "healthChecks") || nonEmptyArray(spec, "healthCheckExprs");
        return Optional.of(Map.entry(UnitOrder.name("Kustomization", namespace, manifest.key().name()),
                new UnitOrder.Dependencies(UnitOrder.dependsOn(spec.get("dependsOn"), "Kustomization", namespace),
                        wait, Optional.empty())));
    }

    private static boolean nonEmptyArray(JsonObject spec, String field) {
        return spec.has(field) && spec.get(field).isJsonArray() && !spec.getAsJsonArray(field).isEmpty();
    }

    @Override
    public UnitRenderer.Prepared prepare(CommitView view, Manifest manifest, RenderOptions options)
            throws UnitFailedException {
        JsonObject spec = manifest.body().has("spec") && manifest.body().get("spec").isJsonObject()
                ? manifest.body().getAsJsonObject("spec") : new JsonObject();
        check(spec);
        String path = RepositoryPath.resolve("", string(spec, "path").orElse("")).orElseThrow(() ->
                new UnitFailedException("spec.path '" + string(spec, "path").orElse("") + "' leaves the repository"));
        if (RepositoryPath.isWithin(manifest.sourcePath(), path)) {
            return selfReference();
        }
        List<String> components = new ArrayList<>();
        for (String component : strings(spec, "components")) {
            components.add(RepositoryPath.resolve(path, component).orElseThrow(() -> new UnitFailedException(
                    "spec.components '" + component + "' leaves the repository")));
        }
        Path binary = kustomize.kustomize();
        KustomizeGraph.Plan plan;
        boolean generated;
        try {
            if (view.entry(path).filter(CommitView.Entry::isTree).isEmpty()) {
                throw new UnitFailedException("spec.path '" + string(spec, "path").orElse("") + "' is not a "
                        + "directory of the repository");
            }
            generated = KustomizeGraph.kustomizationFile(view, path).isEmpty();
            List<String> roots = new ArrayList<>(List.of(path));
            roots.addAll(components);
            plan = KustomizeGraph.plan(view, roots, options.allowRemoteBases());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> resources = generated ? detected(view, path) : List.of();
        JsonObject overlay = overlay(spec, path, components);
        Map<String, String> variables = substitutions(spec);
        boolean prune = !spec.has("prune") || !spec.get("prune").isJsonPrimitive()
                || spec.get("prune").getAsBoolean();
        Optional<String> key = plan.remote() ? Optional.empty() : Optional.of(KustomizeRenderer.hash(KIND + " "
                + kustomize.version(binary) + "\n" + GSON.toJson(manifest.body()) + "\n", plan));
        return new UnitRenderer.Prepared() {
            @Override
            public Optional<String> contentKey() {
                return key;
            }

            @Override
            public Rendered render() throws UnitFailedException {
                Rendered built = kustomize.build(view, plan, binary, work -> {
                    if (generated) {
                        JsonObject kustomization = new JsonObject();
                        kustomization.addProperty("apiVersion", "kustomize.config.k8s.io/v1beta1");
                        kustomization.addProperty("kind", "Kustomization");
                        kustomization.add("resources", GSON.toJsonTree(resources));
                        Files.writeString(work.resolve(path).resolve("kustomization.yaml"), GSON.toJson(kustomization));
                    }
                    Path directory = work.directory().resolve("flux-overlay");
                    Files.createDirectories(directory);
                    Files.writeString(directory.resolve("kustomization.yaml"), GSON.toJson(overlay));
                    return directory;
                }, manifest.sourcePath(), output -> variables.isEmpty() ? output
                        : FluxSubstitution.apply(output, variables));
                List<Manifest> manifests = new ArrayList<>();
                for (Manifest object : built.manifests()) {
                    if (renders(object) || drops(object)) {
                        continue;
                    }
                    manifests.add(prune ? object : notPruned(object));
                }
                return new Rendered(manifests, built.failures(), built.bytes());
            }
        };
    }

    private static void check(JsonObject spec) throws UnitFailedException {
        List<String> refused = new ArrayList<>();
        for (String field : spec.keySet()) {
            if (!SUPPORTED.contains(field) && !IGNORED.contains(field)) {
                refused.add(field);
            }
        }
        if (!refused.isEmpty()) {
            throw new UnitFailedException("spec." + String.join(", spec.", refused) + " is not supported by Shiplog "
                    + "(supported: " + String.join(", ", new java.util.TreeSet<>(SUPPORTED)) + ")");
        }
        if (spec.has("suspend") && spec.get("suspend").isJsonPrimitive() && spec.get("suspend").getAsBoolean()) {
            throw new UnitFailedException("spec.suspend: true is not supported by Shiplog (suspend the cluster "
                    + "instead, or remove the Kustomization from the cluster's paths)");
        }
        if (spec.has("sourceRef") && spec.get("sourceRef").isJsonObject()) {
            String kind = string(spec.getAsJsonObject("sourceRef"), "kind").orElse("GitRepository");
            if (!kind.equals("GitRepository")) {
                throw new UnitFailedException("spec.sourceRef.kind " + kind + " is not supported by Shiplog: only "
                        + "GitRepository, read as this repository at this commit");
            }
        }
        if (spec.has("postBuild") && spec.get("postBuild").isJsonObject()) {
            JsonObject postBuild = spec.getAsJsonObject("postBuild");
            for (String field : postBuild.keySet()) {
                if (!field.equals("substitute")) {
                    throw new UnitFailedException("spec.postBuild." + field + " is not supported by Shiplog (only "
                            + "postBuild.substitute)");
                }
            }
        }
    }

    private static JsonObject overlay(JsonObject spec, String path, List<String> components) {
        JsonObject overlay = new JsonObject();
        overlay.addProperty("apiVersion", "kustomize.config.k8s.io/v1beta1");
        overlay.addProperty("kind", "Kustomization");
        JsonArray resources = new JsonArray();
        resources.add(path.isEmpty() ? "../repo" : "../repo/" + path);
        overlay.add("resources", resources);
        if (!components.isEmpty()) {
            overlay.add("components", GSON.toJsonTree(components.stream().map(c -> c.isEmpty() ? "../repo"
                    : "../repo/" + c).toList()));
        }
        string(spec, "targetNamespace").ifPresent(v -> overlay.addProperty("namespace", v));
        string(spec, "namePrefix").ifPresent(v -> overlay.addProperty("namePrefix", v));
        string(spec, "nameSuffix").ifPresent(v -> overlay.addProperty("nameSuffix", v));
        for (String field : List.of("patches", "images")) {
            if (spec.has(field) && spec.get(field).isJsonArray()) {
                overlay.add(field, spec.get(field).deepCopy());
            }
        }
        if (spec.has("commonMetadata") && spec.get("commonMetadata").isJsonObject()) {
            JsonObject metadata = spec.getAsJsonObject("commonMetadata");
            if (metadata.has("labels") && metadata.get("labels").isJsonObject()) {
                JsonObject labels = new JsonObject();
                labels.add("pairs", metadata.get("labels").deepCopy());
                labels.addProperty("includeSelectors", false);
                JsonArray list = new JsonArray();
                list.add(labels);
                overlay.add("labels", list);
            }
            if (metadata.has("annotations") && metadata.get("annotations").isJsonObject()) {
                overlay.add("commonAnnotations", metadata.get("annotations").deepCopy());
            }
        }
        return overlay;
    }

    /** As Flux generates a kustomization: every object file under {@code path}, a directory with its own as one. */
    private static List<String> detected(CommitView view, String path) {
        List<String> resources = new ArrayList<>();
        TreeMap<String, String> kustomizations = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(view.reader())) {
            walk.addTree(view.entry(path).orElseThrow().id());
            walk.setRecursive(true);
            List<String[]> files = new ArrayList<>();
            while (walk.next()) {
                FileMode mode = walk.getFileMode(0);
                String file = walk.getPathString();
                if (KustomizeRenderer.isKustomizationFile(walk.getNameString())) {
                    kustomizations.put(RepositoryPath.parent(file), file);
                } else if ((mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE)
                        && ManifestLoader.isManifestFile(file)) {
                    files.add(new String[] {file, walk.getObjectId(0).name()});
                }
            }
            List<String> directories = new ArrayList<>();
            for (String directory : kustomizations.keySet()) {
                if (directories.stream().noneMatch(d -> RepositoryPath.isWithin(directory, d))) {
                    directories.add(directory);
                }
            }
            resources.addAll(directories);
            for (String[] file : files) {
                if (directories.stream().noneMatch(d -> RepositoryPath.isWithin(file[0], d))
                        && isObject(view, file)) {
                    resources.add(file[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resources;
    }

    private static boolean isObject(CommitView view, String[] file) throws IOException {
        try {
            JsonObject first = ManifestParser.readMapping(file[0], view.read(org.eclipse.jgit.lib.ObjectId
                    .fromString(file[1])));
            return first.has("apiVersion") && first.has("kind");
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static Map<String, String> substitutions(JsonObject spec) {
        Map<String, String> variables = new TreeMap<>();
        if (spec.has("postBuild") && spec.get("postBuild").isJsonObject()) {
            JsonElement substitute = spec.getAsJsonObject("postBuild").get("substitute");
            if (substitute != null && substitute.isJsonObject()) {
                substitute.getAsJsonObject().entrySet().forEach(e -> variables.put(e.getKey(),
                        e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString()));
            }
        }
        return variables;
    }

    private static Manifest notPruned(Manifest object) {
        JsonObject body = object.body().deepCopy();
        JsonObject metadata = body.getAsJsonObject("metadata");
        if (!metadata.has("annotations") || !metadata.get("annotations").isJsonObject()) {
            metadata.add("annotations", new JsonObject());
        }
        metadata.getAsJsonObject("annotations").addProperty("shiplog.io/prune", "disabled");
        return object.withBody(body, object.key());
    }

    /** The Kustomization that points at the directory holding itself (Flux's bootstrap): nothing more to render. */
    private static UnitRenderer.Prepared selfReference() {
        return new UnitRenderer.Prepared() {
            @Override
            public Optional<String> contentKey() {
                return Optional.empty();
            }

            @Override
            public Rendered render() {
                return new Rendered(List.of(), List.of(), 0);
            }
        };
    }

    private static Optional<String> string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonPrimitive() ? Optional.of(value.getAsString()) : Optional.empty();
    }

    private static List<String> strings(JsonObject object, String field) {
        List<String> strings = new ArrayList<>();
        if (object.has(field) && object.get(field).isJsonArray()) {
            object.getAsJsonArray(field).forEach(e -> strings.add(e.getAsString()));
        }
        return strings;
    }
}
