package io.shiplog.cli.diff;

import com.google.gson.JsonObject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.applier.config.ApplierProperties;
import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.applier.reconcile.SecretRedactor;
import io.shiplog.cluster.git.CommitNotFoundException;
import io.shiplog.cluster.git.GitHandler;
import io.shiplog.cluster.inventory.Inventory;
import io.shiplog.cluster.inventory.InventoryStore;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.cluster.kube.JsonFields;
import io.shiplog.cluster.kube.KubeClients;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubeResponse;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.LoadResult;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.plan.Labels;
import io.shiplog.cluster.plan.PlanFailure;
import io.shiplog.cluster.plan.PlannedObject;
import io.shiplog.cluster.plan.Planner;
import io.shiplog.cluster.render.ObjectDecryptor;
import io.shiplog.cluster.render.pipeline.Renderer;
import io.shiplog.cluster.render.tool.RenderTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What an apply of a commit would change in one cluster, found as the applier finds it: the commit rendered by the
 * applier's git mirror and renderer, objects planned by its {@link Planner} (labels, namespaces), each one's live state
 * compared with the API server's server-side apply dry-run (field manager {@code shiplog}, forced), and the objects of
 * the cluster's inventory that left git as the ones the applier would prune. Nothing is written to the cluster.
 */
final class ClusterDiff implements AutoCloseable {

    /** The changes, and what could not be compared (each line naming the object or unit). */
    record Result(String commit, List<ObjectChange> changes, List<String> problems) {
    }

    private final ClusterProperties cluster;
    private final String repositoryUrl;
    private final Path mirrors;
    private final GitHandler git;
    private final KubernetesHandler kube;

    private ClusterDiff(ClusterProperties cluster, String repositoryUrl, Path mirrors, GitHandler git,
                        KubernetesHandler kube) {
        this.cluster = cluster;
        this.repositoryUrl = repositoryUrl;
        this.mirrors = mirrors;
        this.git = git;
        this.kube = kube;
    }

    /**
     * Opens a temporary git mirror and an API client for {@code cluster} of {@code config}.
     *
     * @throws IllegalStateException naming the cluster when the configuration or its kubeconfig is unusable
     */
    static ClusterDiff open(ApplierProperties config, ClusterProperties cluster) {
        Path mirrors;
        try {
            mirrors = Files.createTempDirectory("shiplog-diff-mirrors");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the git mirror", e);
        }
        GitHandler git = null;
        try {
            ApplierProperties checked = new ApplierProperties(mirrors, List.of(config.repositoryOf(cluster)),
                    List.of(cluster), config.tuning()).validated();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            Renderer renderer = new Renderer(checked.tuning().renderSettings(mirrors.resolve(".render")),
                    RenderTools.fromEnvironment(), ObjectDecryptor.NONE, meters);
            git = new GitHandler(mirrors, checked.repositories(), meters, renderer);
            KubernetesHandler kube = new KubernetesHandler(cluster.name(), KubeClients.build(cluster.name(),
                    cluster.connection(), checked.tuning().requestTimeout(), 4), meters);
            return new ClusterDiff(cluster, checked.repositoryOf(cluster).url(), mirrors, git, kube);
        } catch (RuntimeException e) {
            if (git != null) {
                git.close();
            }
            delete(mirrors);
            throw e;
        }
    }

    /** Fails naming the cluster when its API server does not answer or refuses the client. */
    void probe() throws ClusterUnreachableException {
        KubeResponse answer = kube.probe();
        if (!answer.isSuccess()) {
            throw new ClusterUnreachableException(answer, "cluster " + cluster.name() + " is unreachable: "
                    + (answer.isUnreachable() ? "" : "HTTP " + answer.code() + " ") + answer.message());
        }
    }

    /** The commit id of {@code revision}, or of the head of the cluster's branch when it is null. */
    String resolve(String revision) throws CommitNotFoundException {
        return git.resolve(repositoryUrl, cluster.branch(), revision);
    }

    /** What applying {@code commit} would change among the objects {@code filter} selects. */
    Result compare(String commit, AppFilter filter) throws CommitNotFoundException, ClusterUnreachableException {
        LoadResult load = git.load(repositoryUrl, commit, cluster.paths(), cluster.decryption(), kube);
        List<String> problems = new ArrayList<>();
        for (LoadFailure failure : load.failures()) {
            problems.add(failure.sourcePath() + ": " + failure.message());
        }
        Set<ObjectKey> desired = new HashSet<>();
        for (Manifest manifest : load.manifests()) {
            desired.add(manifest.key());
            desired.add(manifest.key().inNamespace(null));
            desired.add(manifest.key().inNamespace(cluster.defaultNamespace()));
        }
        Map<ObjectKey, List<Manifest>> duplicates = Planner.duplicates(load.manifests(), cluster.defaultNamespace());
        duplicates.forEach((key, all) -> problems.add(key + " is defined more than once: " + String.join(", ",
                all.stream().map(Manifest::sourcePath).toList())));
        List<Manifest> manifests = load.manifests().stream().filter(m -> !duplicates.containsKey(
                m.key().namespace() == null ? m.key().inNamespace(cluster.defaultNamespace()) : m.key())).toList();
        Planner.StagePlan plan = new Planner(cluster.name(), cluster.placement(), kube).plan(manifests);
        for (PlanFailure failure : plan.failures()) {
            desired.add(failure.key());
            problems.add(failure.key() + ": " + failure.message());
        }
        List<ObjectChange> changes = new ArrayList<>();
        for (PlannedObject object : plan.objects()) {
            desired.add(object.key());
            if (filter.selects(object.name(), object.manifest().sourcePath())) {
                compare(object, problems).ifPresent(changes::add);
            }
        }
        changes.addAll(prunes(load, desired, filter));
        changes.sort(Comparator.comparing(ObjectChange::key));
        return new Result(commit, changes, problems);
    }

    /**
     * The planned object's change, if any; an object the API server refuses is a problem unless it is new (its
     * message without the values of a Secret, which the API server may quote back).
     */
    private Optional<ObjectChange> compare(PlannedObject object, List<String> problems)
            throws ClusterUnreachableException {
        KubeResponse live = answered(kube.get(object.resource(), object.namespace(), object.name()));
        if (!live.isSuccess() && !live.isNotFound()) {
            problems.add(object.key() + ": cannot read it: " + SecretRedactor.redact(live.message(),
                    object.manifest()));
            return Optional.empty();
        }
        JsonObject before = live.isSuccess() ? live.object() : null;
        KubeResponse dryRun = answered(kube.apply(object.resource(), object.namespace(), object.name(),
                object.body(), true));
        JsonObject after;
        if (dryRun.isSuccess()) {
            after = dryRun.object();
        } else if (before == null) {
            // e.g. its namespace is created by the same apply: shown as git has it
            after = object.body();
        } else {
            problems.add(object.key() + ": the API server refuses the apply (dry-run): "
                    + SecretRedactor.redact(dryRun.message(), object.manifest()));
            return Optional.empty();
        }
        ObjectChange change = new ObjectChange(object.key(), object.resource().apiVersion(), before, after);
        return change.diff().isEmpty() ? Optional.empty() : Optional.of(change);
    }

    /**
     * The objects of the inventory that left git and that the applier would delete: still there with this
     * inventory's labels, not {@code shiplog.io/prune: disabled}, and not a Namespace, CRD or adopted object that did
     * not opt in; none when git is empty (unless the cluster allows it) and none of a unit that failed to render.
     */
    private List<ObjectChange> prunes(LoadResult load, Set<ObjectKey> desired, AppFilter filter)
            throws ClusterUnreachableException {
        Inventory inventory = new InventoryStore(kube, cluster.effectiveInventoryId()).read()
                .orElse(Inventory.empty(cluster.effectiveInventoryId()));
        Map<ObjectKey, String> candidates = new TreeMap<>(inventory.objects());
        candidates.keySet().removeAll(desired);
        if (load.manifests().isEmpty() && !cluster.allowEmptyPrune()) {
            return List.of();
        }
        Set<String> failedUnits = new HashSet<>();
        load.failures().forEach(f -> failedUnits.add(f.sourcePath()));
        List<ObjectChange> prunes = new ArrayList<>();
        for (Map.Entry<ObjectKey, String> candidate : candidates.entrySet()) {
            ObjectKey key = candidate.getKey();
            Optional<String> unit = inventory.unitOf(key);
            boolean unitFailed = unit.map(failedUnits::contains).orElse(!failedUnits.isEmpty());
            if (unitFailed || !filter.selects(key.name(), unit.orElse(null))) {
                continue;
            }
            Optional<KubeResource> resource = kube.resource(candidate.getValue(), key.kind());
            if (resource.isEmpty()) {
                continue;
            }
            KubeResponse live = answered(kube.get(resource.get(), key.namespace(), key.name()));
            if (live.isSuccess() && wouldPrune(live.object(), key, inventory.isAdopted(key))) {
                prunes.add(new ObjectChange(key, candidate.getValue(), live.object(), null));
            }
        }
        return prunes;
    }

    private boolean wouldPrune(JsonObject live, ObjectKey key, boolean adopted) {
        JsonObject metadata = JsonFields.object(live, "metadata");
        JsonObject labels = JsonFields.object(metadata, "labels");
        if (!Labels.SHIPLOG.equals(JsonFields.string(labels, Labels.MANAGED_BY))
                || !cluster.effectiveInventoryId().equals(JsonFields.string(labels, Labels.INVENTORY))) {
            return false;
        }
        String prune = JsonFields.string(JsonFields.object(metadata, "annotations"), Labels.PRUNE);
        if ("enabled".equals(prune)) {
            return true;
        }
        boolean deletesOthers = key.group().isEmpty() && key.kind().equals("Namespace")
                || key.group().equals("apiextensions.k8s.io") && key.kind().equals("CustomResourceDefinition");
        return !"disabled".equals(prune) && !deletesOthers && !adopted;
    }

    private KubeResponse answered(KubeResponse response) throws ClusterUnreachableException {
        if (response.isUnreachable()) {
            throw new ClusterUnreachableException(response, "cluster " + cluster.name() + " stopped answering: "
                    + response.message());
        }
        return response;
    }

    @Override
    public void close() {
        git.close();
        delete(mirrors);
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp mirror is harmless
        }
    }
}
