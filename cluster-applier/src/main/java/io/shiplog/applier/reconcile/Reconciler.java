package io.shiplog.applier.reconcile;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.applier.config.TuningProperties;
import io.shiplog.cluster.git.GitHandler;
import io.shiplog.cluster.inventory.Inventory;
import io.shiplog.cluster.inventory.InventoryStore;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.cluster.kube.KubeClients;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.LoadResult;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.plan.Labels;
import io.shiplog.cluster.plan.PlannedObject;
import io.shiplog.cluster.plan.Planner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconciliation of one cluster at one commit, as named steps: {@link #prepare} (read the inventory, load the
 * commit), then {@link #apply} (order, dry-run and apply each stage, prune, health). It returns outcomes and
 * publishes nothing: the caller reports them. The inventory holds the union of old and new objects while it runs
 * and the final set after.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final Duration IDLE_THREADS = Duration.ofSeconds(30);

    private final ClusterProperties cluster;
    private final KubernetesHandler kube;
    private final InventoryStore inventories;
    private final Planner planner;
    private final ObjectApplier applier;
    private final PruneStep pruneStep;
    private final HealthWatcher health;
    private final CrdWaiter crds;
    private final boolean changedOnly;
    private final Preparer preparer;
    /** This replica's last complete apply of the cluster; commits skip what it sent unchanged and healthy. */
    private volatile LastApply last = LastApply.NONE;

    public Reconciler(ClusterProperties cluster, String repositoryUrl, GitHandler git, KubernetesHandler kube,
                      InventoryStore inventories, ExecutorService pool, TuningProperties tuning) {
        this.cluster = cluster;
        this.kube = kube;
        this.inventories = inventories;
        this.planner = new Planner(cluster.name(), cluster.placement(), kube);
        this.applier = new ObjectApplier(cluster, kube, pool, tuning.crdTimeout(), tuning.dryRunNewObjects());
        this.pruneStep = new PruneStep(cluster, new Pruner(cluster, kube));
        this.health = new HealthWatcher(kube, cluster.effectiveHealthTimeout(tuning), tuning.healthPollInterval());
        this.crds = new CrdWaiter(kube, tuning.crdTimeout());
        this.changedOnly = tuning.applyChangedOnly();
        this.preparer = new Preparer(cluster, repositoryUrl, git, kube, inventories, pool);
    }

    /**
     * The reconciler of one cluster, exactly as the service runs it (also used by {@code shiplog replay cluster
     * --kubeconfig}, which applies in its own process): API client, handler, inventory, stages.
     */
    public static Reconciler forCluster(ClusterProperties cluster, String repositoryUrl, GitHandler git,
                                        ExecutorService pool, TuningProperties tuning, MeterRegistry meters) {
        ApiClient client = KubeClients.build(cluster.name(), cluster.connection(), tuning.requestTimeout(),
                tuning.concurrency());
        KubernetesHandler kube = new KubernetesHandler(cluster.name(), client, meters);
        return new Reconciler(cluster, repositoryUrl, git, kube,
                new InventoryStore(kube, cluster.effectiveInventoryId()), pool, tuning);
    }

    /**
     * The pool of a cluster's in-flight API requests: up to {@code concurrency} threads while it applies, none once it
     * has been idle for {@link #IDLE_THREADS} (a replica with hundreds of mostly idle clusters keeps few threads).
     */
    public static ExecutorService requestPool(ClusterProperties cluster, TuningProperties tuning) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(tuning.concurrency(), tuning.concurrency(),
                IDLE_THREADS.toMillis(), TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads(cluster.name()));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory threads(String cluster) {
        AtomicInteger sequence = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "applier-" + cluster + "-request-" + sequence.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The inventory in the cluster (empty when none); fails when the cluster cannot be asked. */
    public Inventory currentInventory() throws ClusterUnreachableException {
        return preparer.currentInventory();
    }

    /** Runs every step for {@code request}: {@link #prepare}, then {@link #apply} when it is ready. */
    public ReconcileOutcome reconcile(ApplyRequest request) throws InterruptedException {
        Preparation preparation = prepare(request);
        return preparation instanceof Preparation.Ready ready ? apply(ready)
                : ((Preparation.Failed) preparation).outcome();
    }

    /**
     * Reads the cluster's inventory (which tells whether the cluster answers) while it loads the commit's desired
     * state; a failure is for the caller to retry, except a replay REFUSED because its commit is not on the watched
     * branch's history (a command cannot make a cluster run a commit of another branch or repository).
     */
    public Preparation prepare(ApplyRequest request) {
        return preparer.prepare(request);
    }

    /** Applies what {@code ready} loaded; returns Completed, or Failed when the cluster went away meanwhile. */
    public ReconcileOutcome apply(Preparation.Ready ready) throws InterruptedException {
        try {
            return applyAll(ready.request(), ready.load(), ready.inventory(), ready.startedAt());
        } catch (ClusterUnreachableException e) {
            return ReconcileOutcome.Failed.of(ready.request(), e.response(), e.getMessage());
        }
    }

    private ReconcileOutcome.Completed applyAll(ApplyRequest request, LoadResult load, Inventory before,
                                                Instant started)
            throws ClusterUnreachableException, InterruptedException {
        List<ObjectOutcome> results = new ArrayList<>();
        load.failures().forEach(f -> results.add(loadFailure(f)));
        List<Manifest> manifests = withoutDuplicates(load.manifests(), results);
        LastApply previous = request.trigger() == Trigger.COMMIT && changedOnly ? last.validFor(before)
                : LastApply.NONE;
        last = LastApply.NONE;
        Waves waves = Waves.of(manifests, load.order());
        Applying applying = new Applying(request, previous, before);
        for (int wave = 0; wave < waves.count(); wave++) {
            int from = applying.applied.size();
            applyStages(waves.ready(wave, results), applying);
            Set<String> waiting = waves.waitingForHealth(wave);
            if (!waiting.isEmpty() && wave + 1 < waves.count()) {
                awaitHealth(applying, from, key -> waves.unitOf(key).filter(waiting::contains).isPresent());
            }
            waves.settle(applying.applied.subList(from, applying.applied.size()), waiting);
        }
        Inventory inventory = applying.inventory;
        List<ObjectOutcome> applied = applying.applied;
        PruneStep.Result pruned = pruneStep.prune(inventory, load, results, applied, waves.skippedSources());
        applied.stream().filter(o -> applying.assessed.contains(o.key())).forEach(results::add);
        results.addAll(health.assess(applied.stream().filter(o -> !applying.assessed.contains(o.key())).toList(),
                applying.live, applying.resources));
        results.addAll(pruned.outcomes());
        Inventory finalInventory = finalInventory(before, inventory, applied, pruned.released(), request);
        if (!finalInventory.equals(before)) {
            inventories.write(finalInventory);
        }
        last = LastApply.of(request.commitSha(), results, applying.sent);
        long duration = java.time.Duration.between(started, Instant.now()).toMillis();
        ReconcileOutcome.Completed completed = new ReconcileOutcome.Completed(request, started, duration,
                inventories.id(), results);
        LOG.info("cluster {} applied {} ({}) in {} ms: {} created, {} configured, {} unchanged ({} not sent: as at "
                        + "{}), {} pruned, {} failed", cluster.name(), request.commitSha(), request.trigger(), duration,
                completed.count(Action.CREATED), completed.count(Action.CONFIGURED), completed.count(Action.UNCHANGED),
                applying.sent.values().stream().filter(previous::unchanged).count(), previous.commit().isEmpty()
                        ? "-" : previous.commit(), completed.count(Action.PRUNED), completed.count(Action.FAILED));
        return completed;
    }

    /** What one apply has done so far, wave after wave. */
    private static final class Applying {
        final ApplyRequest request;
        final LastApply previous;
        Inventory inventory;
        final Map<ObjectKey, JsonObject> live = new HashMap<>();
        final Map<ObjectKey, KubeResource> resources = new HashMap<>();
        final Map<ObjectKey, PlannedObject> sent = new HashMap<>();
        final List<ObjectOutcome> applied = new ArrayList<>();
        /** Objects whose health was waited for already (a unit others depend on waits for health). */
        final Set<ObjectKey> assessed = new HashSet<>();

        Applying(ApplyRequest request, LastApply previous, Inventory before) {
            this.request = request;
            this.previous = previous;
            this.inventory = before;
        }
    }

    /** Orders {@code manifests} by stage, and plans, records, dry-runs and applies each stage. */
    private void applyStages(List<Manifest> manifests, Applying applying)
            throws ClusterUnreachableException, InterruptedException {
        Map<Stage, List<Manifest>> stages = new EnumMap<>(Stage.class);
        manifests.forEach(m -> stages.computeIfAbsent(Stage.of(m.key()), s -> new ArrayList<>()).add(m));
        ApplyRequest request = applying.request;
        Map<Stage, Planner.StagePlan> plannedAhead = planAhead(stages, applying);
        for (Stage stage : Stage.values()) {
            List<Manifest> staged = stages.getOrDefault(stage, List.of());
            if (staged.isEmpty()) {
                continue;
            }
            long stageStarted = System.nanoTime();
            Planner.StagePlan plan = plannedAhead.get(stage);
            if (plan == null) {
                plan = planner.plan(staged);
                applying.inventory = recordUnion(applying.inventory, plan.objects(), request);
            }
            plan.failures().forEach(f -> applying.applied.add(ObjectOutcome.failed(f.key(), f.version(),
                    f.message(), f.sourcePath())));
            plan.objects().forEach(o -> applying.resources.put(o.key(), o.resource()));
            plan.objects().forEach(o -> applying.sent.put(o.key(), o));
            Inventory listed = applying.inventory;
            Set<ObjectKey> adopted = new TreeSet<>();
            ObjectApplier.StageResult result = applier.run(plan.objects(), applying.previous::unchanged,
                    found -> adopted.addAll(recordAdopted(listed, found, request)));
            applying.inventory = applying.inventory.withAdopted(adopted);
            applying.applied.addAll(result.outcomes());
            applying.live.putAll(result.live());
            if (stage == Stage.DEFINITIONS) {
                crds.awaitEstablished(plan.objects(), result);
            }
            LOG.debug("cluster {} stage {}: {} objects in {} ms", cluster.name(), stage, plan.objects().size(),
                    (System.nanoTime() - stageStarted) / 1_000_000);
        }
    }

    /**
     * Plans every stage before the first is applied when every kind is served already (no stage depends on a
     * definition an earlier one creates), and records all their objects in the inventory with one write; else
     * nothing, and each stage is planned and recorded when its turn comes.
     */
    private Map<Stage, Planner.StagePlan> planAhead(Map<Stage, List<Manifest>> stages, Applying applying)
            throws ClusterUnreachableException {
        if (stages.size() < 2) {
            return Map.of();
        }
        Map<Stage, Planner.StagePlan> plans = new EnumMap<>(Stage.class);
        List<PlannedObject> all = new ArrayList<>();
        for (Map.Entry<Stage, List<Manifest>> stage : stages.entrySet()) {
            Planner.StagePlan plan = planner.plan(stage.getValue());
            if (!plan.failures().isEmpty()) {
                return Map.of();
            }
            plans.put(stage.getKey(), plan);
            all.addAll(plan.objects());
        }
        applying.inventory = recordUnion(applying.inventory, all, applying.request);
        return plans;
    }

    /** Waits (bounded) for the health of the objects applied since {@code from} that {@code waits} selects. */
    private void awaitHealth(Applying applying, int from, java.util.function.Predicate<ObjectKey> waits)
            throws InterruptedException {
        List<Integer> positions = new ArrayList<>();
        List<ObjectOutcome> outcomes = new ArrayList<>();
        for (int i = from; i < applying.applied.size(); i++) {
            if (waits.test(applying.applied.get(i).key())) {
                positions.add(i);
                outcomes.add(applying.applied.get(i));
            }
        }
        List<ObjectOutcome> assessed = health.assess(outcomes, applying.live, applying.resources);
        for (int i = 0; i < positions.size(); i++) {
            applying.applied.set(positions.get(i), assessed.get(i));
            applying.assessed.add(assessed.get(i).key());
        }
    }

    /** Objects defined more than once fail, each naming every file; they are not applied and not pruned. */
    private List<Manifest> withoutDuplicates(List<Manifest> manifests, List<ObjectOutcome> results) {
        Map<ObjectKey, List<Manifest>> duplicates = Planner.duplicates(manifests, cluster.defaultNamespace());
        if (duplicates.isEmpty()) {
            return manifests;
        }
        Set<Manifest> excluded = new HashSet<>();
        duplicates.forEach((key, copies) -> {
            String files = String.join(" and ", copies.stream().map(Manifest::source).toList());
            for (Manifest copy : copies) {
                excluded.add(copy);
                results.add(ObjectOutcome.failed(key, copy.version(), key + " is defined more than once: in "
                        + files, copy.sourcePath()));
            }
        });
        return manifests.stream().filter(m -> !excluded.contains(m)).toList();
    }

    /** Before a stage writes anything the inventory lists its objects too (written only when it grew). */
    private Inventory recordUnion(Inventory inventory, List<PlannedObject> objects, ApplyRequest request)
            throws ClusterUnreachableException {
        Map<ObjectKey, String> more = new TreeMap<>();
        objects.forEach(o -> more.put(o.key(), o.resource().apiVersion()));
        boolean grows = !inventory.objects().keySet().containsAll(more.keySet());
        Map<ObjectKey, String> units = new TreeMap<>();
        objects.forEach(o -> units.put(o.key(), o.manifest().sourcePath()));
        Inventory union = inventory.union(more, request.configRepo(), request.branch(), request.commitSha())
                .withUnits(units);
        if (grows || !inventory.commitSha().equals(request.commitSha())) {
            inventories.write(union);
        }
        return union;
    }

    /**
     * Objects found in the cluster without this inventory's labels are adopted: recorded in the inventory before
     * Shiplog writes them (so it survives a restart mid-apply), and never pruned unless they opt in.
     */
    private Set<ObjectKey> recordAdopted(Inventory listed, Set<ObjectKey> found, ApplyRequest request)
            throws ClusterUnreachableException {
        if (!listed.adopted().containsAll(found)) {
            inventories.write(listed.withAdopted(found));
            LOG.info("cluster {} adopts {} object(s) at commit {} that were in the cluster without Shiplog's labels "
                    + "(not pruned when they leave git unless annotated {}: {}), first: {}", cluster.name(),
                    found.size(), request.commitSha(), Labels.PRUNE, Pruner.ENABLED,
                    found.stream().limit(10).toList());
        }
        return found;
    }

    /**
     * The objects that exist now by Shiplog's hand: everything applied, failed objects that were listed before,
     * prune candidates that were kept back or failed to delete.
     */
    private Inventory finalInventory(Inventory before, Inventory union, List<ObjectOutcome> applied,
                                     Set<ObjectKey> released, ApplyRequest request) {
        TreeMap<ObjectKey, String> objects = new TreeMap<>(union.objects());
        for (ObjectOutcome outcome : applied) {
            if (outcome.action() == Action.FAILED && !before.objects().containsKey(outcome.key())) {
                objects.remove(outcome.key());
            }
        }
        objects.keySet().removeAll(released);
        return new Inventory(inventories.id(), request.configRepo(), request.branch(), request.commitSha(),
                Inventory.State.COMPLETE, objects, union.adopted(), union.units());
    }

    private ObjectOutcome loadFailure(LoadFailure failure) {
        LoadFailure.PartialObject partial = failure.partial().orElse(new LoadFailure.PartialObject("", "", "", ""));
        ObjectKey key = new ObjectKey(ObjectKey.groupOf(partial.apiVersion()), partial.kind(),
                partial.namespace().isEmpty() ? null : partial.namespace(), partial.name());
        return ObjectOutcome.failed(key, partial.apiVersion().isEmpty() ? "" : ObjectKey.versionOf(partial.apiVersion()),
                failure.message(), failure.sourcePath());
    }
}
