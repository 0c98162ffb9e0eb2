package io.shiplog.cluster.render.kustomize;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.shiplog.cluster.manifest.ManifestLoader;
import io.shiplog.cluster.manifest.ManifestParser;
import io.shiplog.cluster.render.CommitView.Entry;
import io.shiplog.cluster.render.CommitView;
import io.shiplog.cluster.render.RepositoryPath;
import io.shiplog.cluster.render.UnitFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Everything a kustomize unit reads, found by following its kustomization files (resources, bases, components,
 * patches, generators, replacements, ...) from its directory, recursively. A reference that leaves the repository (an
 * absolute path, {@code ..} above the root, a symbolic link out), a missing one, or a remote one that the repository
 * does not allow is refused here, before kustomize runs.
 */
final class KustomizeGraph {

    /** The file names that make a directory a kustomization, in the order kustomize looks for them. */
    static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    private static final Pattern REMOTE = Pattern.compile(
            "^([A-Za-z][A-Za-z0-9+.-]*://|[A-Za-z]+::|git@|[\\w.-]+@[\\w.-]+:)"
                    + "|^(github\\.com|gitlab\\.com|bitbucket\\.org)[/:]|\\?ref=|\\?version=|\\.git(//|$|\\?)|/_git/");
    private static final List<String> BUILD_FIELDS = List.of("resources", "bases", "components");
    private static final List<String> PLUGIN_FIELDS = List.of("generators", "transformers", "validators");
    private static final List<String> FILE_FIELDS = List.of("crds", "configurations");
    private static final List<String> PATH_OBJECT_FIELDS = List.of("patches", "patchesJson6902", "replacements");
    private static final List<String> GENERATOR_FIELDS = List.of("configMapGenerator", "secretGenerator");
    private static final int MAX_LINK_HOPS = 16;

    /**
     * @param entries paths the unit reads (trees, files, links), by path
     * @param remote  whether it refers to remote bases (allowed by the repository)
     * @param secrets what its secret generators hold (literals, lines and values of their files), to be kept out of
     *                kustomize's messages
     */
    record Plan(SortedMap<String, Entry> entries, boolean remote, Set<String> secrets) {

        /** {@code message} with every secret generator value in it masked. */
        String redact(String message) {
            String redacted = message;
            for (String secret : secrets.stream().sorted(Comparator.comparingInt(String::length).reversed())
                    .toList()) {
                redacted = redacted.replace(secret, "***");
            }
            return redacted;
        }
    }

    private final CommitView view;
    private final boolean allowRemote;
    private final SortedMap<String, Entry> entries = new TreeMap<>();
    private final Set<String> visited = new HashSet<>();
    private final Deque<String> pending = new ArrayDeque<>();
    private final Set<String> secrets = new HashSet<>();
    private boolean remote;

    private KustomizeGraph(CommitView view, boolean allowRemote) {
        this.view = view;
        this.allowRemote = allowRemote;
    }

    /** What the kustomization in {@code directory} reads. */
    static Plan plan(CommitView view, String directory, boolean allowRemote) throws UnitFailedException, IOException {
        return plan(view, List.of(directory), allowRemote);
    }

    /** What the kustomizations in {@code directories} (each with everything under it) read. */
    static Plan plan(CommitView view, List<String> directories, boolean allowRemote)
            throws UnitFailedException, IOException {
        KustomizeGraph graph = new KustomizeGraph(view, allowRemote);
        for (String directory : directories) {
            Entry root = view.entry(directory).filter(Entry::isTree).orElseThrow(() -> new UnitFailedException(
                    "directory " + (directory.isEmpty() ? "." : directory) + " is not in the commit"));
            graph.add(root);
            graph.pending.add(directory);
        }
        while (!graph.pending.isEmpty()) {
            graph.visit(graph.pending.removeFirst());
        }
        return new Plan(graph.entries, graph.remote, graph.secrets);
    }

    /** The kustomization file of {@code directory}, if it has one. */
    static Optional<Entry> kustomizationFile(CommitView view, String directory) throws IOException {
        for (String name : FILE_NAMES) {
            Optional<Entry> file = view.entry(directory.isEmpty() ? name : directory + "/" + name);
            if (file.isPresent() && file.get().isFile()) {
                return file;
            }
        }
        return Optional.empty();
    }

    private void visit(String directory) throws UnitFailedException, IOException {
        if (!visited.add(directory)) {
            return;
        }
        Optional<Entry> file = kustomizationFile(view, directory);
        if (file.isEmpty()) {
            return;
        }
        String name = file.get().path();
        long size = view.size(file.get().id());
        if (size > ManifestLoader.MAX_FILE_BYTES) {
            throw new UnitFailedException(name + " is " + size + " bytes, too large for a kustomization");
        }
        JsonObject kustomization;
        try {
            kustomization = ManifestParser.readMapping(name, view.read(file.get().id()));
        } catch (IllegalArgumentException e) {
            throw new UnitFailedException(e.getMessage());
        }
        for (String field : BUILD_FIELDS) {
            for (String reference : strings(kustomization, field, name)) {
                if (isRemote(reference)) {
                    if (!allowRemote) {
                        throw new UnitFailedException(name + " " + field + " '" + reference + "' is remote: remote "
                                + "bases are not allowed for this repository (repositories[].allowRemoteBases)");
                    }
                    remote = true;
                } else {
                    local(directory, name, field, reference, true);
                }
            }
        }
        for (String field : PLUGIN_FIELDS) {
            for (String reference : strings(kustomization, field, name)) {
                if (!reference.contains("\n")) {
                    local(directory, name, field, reference, true);
                }
            }
        }
        for (String field : FILE_FIELDS) {
            for (String reference : strings(kustomization, field, name)) {
                local(directory, name, field, reference, false);
            }
        }
        for (String reference : strings(kustomization, "patchesStrategicMerge", name)) {
            if (!reference.contains("\n") && !reference.contains(": ")) {
                local(directory, name, "patchesStrategicMerge", reference, false);
            }
        }
        for (String field : PATH_OBJECT_FIELDS) {
            for (JsonObject item : objects(kustomization, field)) {
                Optional<String> path = string(item, "path");
                if (path.isPresent()) {
                    local(directory, name, field, path.get(), false);
                }
            }
        }
        for (String field : GENERATOR_FIELDS) {
            boolean secret = field.equals("secretGenerator");
            for (JsonObject generator : objects(kustomization, field)) {
                for (String source : strings(generator, "files", name)) {
                    int equals = source.indexOf('=');
                    sensitive(secret, local(directory, name, field + " files", equals < 0 ? source
                            : source.substring(equals + 1), false));
                }
                List<String> envs = new ArrayList<>(strings(generator, "envs", name));
                string(generator, "env").ifPresent(envs::add);
                for (String env : envs) {
                    sensitive(secret, local(directory, name, field + " envs", env, false));
                }
                if (secret) {
                    strings(generator, "literals", name).forEach(this::sensitive);
                }
            }
        }
        if (kustomization.has("openapi") && kustomization.get("openapi").isJsonObject()) {
            Optional<String> path = string(kustomization.getAsJsonObject("openapi"), "path");
            if (path.isPresent()) {
                local(directory, name, "openapi", path.get(), false);
            }
        }
    }

    private Entry local(String directory, String file, String field, String reference, boolean build)
            throws UnitFailedException, IOException {
        String where = file + " " + field + " '" + reference + "'";
        String resolved = RepositoryPath.resolve(directory, reference).orElseThrow(() -> new UnitFailedException(
                where + " leaves the repository: only paths inside it may be used"));
        Entry entry = follow(resolved, where);
        add(entry);
        if (build && entry.isTree()) {
            pending.add(entry.path());
        }
        return entry;
    }

    /** Remembers what a secret generator's file holds: the whole, each line, each value after {@code =}. */
    private void sensitive(boolean secret, Entry file) throws IOException {
        if (!secret || !file.isFile() || view.size(file.id()) > ManifestLoader.MAX_FILE_BYTES) {
            return;
        }
        String content = new String(view.read(file.id()), StandardCharsets.UTF_8);
        sensitive(content.strip());
        content.lines().forEach(this::sensitive);
    }

    /** Remembers {@code text} and, for {@code key=value}, the value (short strings are left: masking them garbles). */
    private void sensitive(String text) {
        String line = text.strip();
        int equals = line.indexOf('=');
        for (String value : equals < 0 ? List.of(line) : List.of(line, line.substring(equals + 1).strip())) {
            if (value.length() >= 4) {
                secrets.add(value);
            }
        }
    }

    /** The entry at {@code path}, following links (each link is recorded too, so it is laid out as one). */
    private Entry follow(String path, String where) throws UnitFailedException, IOException {
        String current = path;
        for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
            Optional<Entry> entry = view.entry(current);
            if (entry.isEmpty()) {
                throw new UnitFailedException(where + " does not exist in the repository (looked for "
                        + (current.isEmpty() ? "." : current) + ")");
            }
            if (!entry.get().isSymlink()) {
                return entry.get();
            }
            entries.put(entry.get().path(), entry.get());
            current = linkTarget(entry.get());
        }
        throw new UnitFailedException(where + " goes through more than " + MAX_LINK_HOPS + " symbolic links");
    }

    private String linkTarget(Entry link) throws UnitFailedException, IOException {
        String target = view.linkTarget(link.id());
        return RepositoryPath.resolve(RepositoryPath.parent(link.path()), target).orElseThrow(() ->
                new UnitFailedException("symbolic link " + link.path() + " points outside the repository"));
    }

    /** Records {@code entry}; for a tree, checks its links and records what they point to. */
    private void add(Entry entry) throws UnitFailedException, IOException {
        if (entries.putIfAbsent(entry.path(), entry) != null || !entry.isTree()) {
            return;
        }
        List<Entry> links = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(view.reader())) {
            walk.addTree(entry.id());
            walk.setRecursive(true);
            while (walk.next()) {
                if (walk.getFileMode(0) == FileMode.SYMLINK) {
                    String path = entry.path().isEmpty() ? walk.getPathString()
                            : entry.path() + "/" + walk.getPathString();
                    links.add(new Entry(path, FileMode.SYMLINK, walk.getObjectId(0)));
                }
            }
        }
        for (Entry link : links) {
            String target = linkTarget(link);
            Optional<Entry> pointed = view.entry(target);
            if (pointed.isPresent()) {
                add(pointed.get().isSymlink() ? follow(target, "symbolic link " + link.path()) : pointed.get());
            }
        }
    }

    static boolean isRemote(String reference) {
        return REMOTE.matcher(reference).find();
    }

    private static List<String> strings(JsonObject object, String field, String file) throws UnitFailedException {
        if (!object.has(field) || object.get(field).isJsonNull()) {
            return List.of();
        }
        JsonElement value = object.get(field);
        List<String> strings = new ArrayList<>();
        if (value.isJsonPrimitive()) {
            strings.add(value.getAsString());
            return strings;
        }
        if (!value.isJsonArray()) {
            throw new UnitFailedException(file + " " + field + " is not a list");
        }
        for (JsonElement item : (JsonArray) value) {
            if (item.isJsonPrimitive()) {
                strings.add(item.getAsString());
            }
        }
        return strings;
    }

    private static List<JsonObject> objects(JsonObject object, String field) {
        List<JsonObject> objects = new ArrayList<>();
        if (object.has(field) && object.get(field).isJsonArray()) {
            for (JsonElement item : object.getAsJsonArray(field)) {
                if (item.isJsonObject()) {
                    objects.add(item.getAsJsonObject());
                }
            }
        }
        return objects;
    }

    private static Optional<String> string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonPrimitive() ? Optional.of(value.getAsString()) : Optional.empty();
    }
}
