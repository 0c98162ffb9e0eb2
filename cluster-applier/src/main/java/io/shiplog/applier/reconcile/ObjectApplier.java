package io.shiplog.applier.reconcile;

import com.google.gson.JsonObject;
import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.cluster.kube.JsonFields;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubeResponse;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.plan.Labels;
import io.shiplog.cluster.plan.LiveState;
import io.shiplog.cluster.plan.PlannedObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Applies the objects of one stage, many requests at once, after one LIST per resource and namespace. An object
 * whose live state provably matches git ({@link LiveState#matches}) needs no request; any other object the LIST shows
 * is written directly, and a write that left its {@code resourceVersion} as listed changed nothing and is reported
 * {@code unchanged}; one whose immutable fields changed is deleted and recreated only when it carries
 * {@code shiplog.io/recreate: enabled}. Objects the LIST shows absent are created directly unless
 * {@code dryRunNewObjects}; where a LIST was refused, existence is unknown and objects are dry-run first. Before
 * anything is written the caller learns which objects exist without this inventory's labels (they are adopted). A write
 * asks for the stored object back only where health or images are read from it (else for its metadata).
 */
public final class ObjectApplier {

    private static final Pattern IMMUTABLE = Pattern.compile(
            "(?i)(field is immutable|may not change once set|is immutable|updates to .* are forbidden)");

    /** Objects of one resource and namespace read one by one rather than listed. */
    private static final int GET_AT_MOST = 8;

    private final ClusterProperties cluster;
    private final KubernetesHandler kube;
    private final ExecutorService pool;
    private final Duration recreateTimeout;
    private final boolean dryRunNewObjects;

    /**
     * @param dryRunNewObjects also dry-run objects the stage's LIST shows do not exist; off, they are created by
     *                         server-side apply directly (a refused create writes nothing and gives the same message)
     */
    public ObjectApplier(ClusterProperties cluster, KubernetesHandler kube, ExecutorService pool,
                         Duration recreateTimeout, boolean dryRunNewObjects) {
        this.cluster = cluster;
        this.kube = kube;
        this.pool = pool;
        this.recreateTimeout = recreateTimeout;
        this.dryRunNewObjects = dryRunNewObjects;
    }

    /**
     * Outcomes of one stage and the objects as the server returned them (for health).
     *
     * @param live object as stored after the stage, by key; absent for failed objects
     */
    public record StageResult(List<ObjectOutcome> outcomes, Map<ObjectKey, JsonObject> live) {
    }

    private enum Verdict { NEW, CHANGED, SAME, RECREATE, FAILED, UNREACHABLE }

    /** @param foreign the object exists without this inventory's labels */
    private record DryRun(PlannedObject object, Verdict verdict, JsonObject current, String message,
                          boolean foreign) {

        DryRun(PlannedObject object, Verdict verdict, JsonObject current, String message) {
            this(object, verdict, current, message, false);
        }
    }

    /** Told, before a stage writes anything, which of its objects exist without this inventory's labels. */
    @FunctionalInterface
    public interface ForeignObjects {

        void found(Set<ObjectKey> keys) throws ClusterUnreachableException;
    }

    /** A write's outcome, the object as stored (null when it failed), and the I/O error when there was no answer. */
    private record Written(ObjectOutcome outcome, JsonObject live, String unreachable) {
    }

    /**
     * Dry-runs every object, tells {@code foreign} which exist without this inventory's labels, then writes those
     * that differ. Fails when the cluster stops answering.
     */
    public StageResult run(List<PlannedObject> objects, ForeignObjects foreign)
            throws ClusterUnreachableException, InterruptedException {
        return run(objects, object -> false, foreign);
    }

    /**
     * As {@link #run(List, ForeignObjects)}, except that objects {@code settled} accepts (sent unchanged before, and
     * healthy then) are reported unchanged and healthy without a request.
     */
    public StageResult run(List<PlannedObject> objects, Predicate<PlannedObject> settled, ForeignObjects foreign)
            throws ClusterUnreachableException, InterruptedException {
        List<ObjectOutcome> outcomes = new ArrayList<>();
        List<PlannedObject> toSend = new ArrayList<>();
        for (PlannedObject object : objects) {
            if (settled.test(object)) {
                outcomes.add(outcome(object, Action.UNCHANGED, null, null).withHealth(Health.HEALTHY));
            } else {
                toSend.add(object);
            }
        }
        if (toSend.isEmpty()) {
            return new StageResult(outcomes, Map.of());
        }
        Prefetch prefetch = prefetch(toSend);
        List<DryRun> dryRuns = new ArrayList<>();
        List<PlannedObject> toDryRun = new ArrayList<>();
        for (PlannedObject object : toSend) {
            JsonObject current = prefetch.live().get(object.key());
            if (current != null && LiveState.matches(object.body(), current)) {
                dryRuns.add(new DryRun(object, Verdict.SAME, current, null, !ours(current)));
            } else if (current != null) {
                dryRuns.add(new DryRun(object, Verdict.CHANGED, current, null, !ours(current)));
            } else if (!dryRunNewObjects && prefetch.knownAbsent(object)) {
                dryRuns.add(new DryRun(object, Verdict.NEW, null, null));
            } else {
                toDryRun.add(object);
            }
        }
        dryRuns.addAll(all(toDryRun, object -> dryRun(object, prefetch.live().get(object.key()))));
        unreachable(dryRuns.stream().filter(d -> d.verdict() == Verdict.UNREACHABLE).map(DryRun::message).toList());
        Set<ObjectKey> found = new TreeSet<>();
        dryRuns.stream().filter(d -> d.foreign() && d.verdict() != Verdict.FAILED)
                .forEach(d -> found.add(d.object().key()));
        if (!found.isEmpty()) {
            foreign.found(found);
        }
        Map<ObjectKey, JsonObject> live = new ConcurrentHashMap<>();
        List<DryRun> toWrite = new ArrayList<>();
        for (DryRun dryRun : dryRuns) {
            PlannedObject object = dryRun.object();
            switch (dryRun.verdict()) {
                case SAME -> {
                    outcomes.add(outcome(object, Action.UNCHANGED, null, dryRun.current()));
                    live.put(object.key(), dryRun.current());
                }
                case FAILED -> outcomes.add(failed(object, dryRun.message()));
                default -> toWrite.add(dryRun);
            }
        }
        List<String> lost = new ArrayList<>();
        for (Written written : all(toWrite, this::write)) {
            if (written.unreachable() != null) {
                lost.add(written.unreachable());
            }
            outcomes.add(written.outcome());
            if (written.live() != null) {
                live.put(written.outcome().key(), written.live());
            }
        }
        unreachable(lost);
        return new StageResult(outcomes, live);
    }

    /**
     * The live objects the stage needs: one LIST per resource and namespace, or one GET per object where a scope has
     * at most {@link #GET_AT_MOST} of them (a commit that changes one object of a thousand reads just that one). Which
     * scopes were listed completely and which objects were read absent tell where existence is known (a refused
     * request leaves it unknown).
     */
    private record Prefetch(Map<ObjectKey, JsonObject> live, Set<String> listed, Set<ObjectKey> absent) {

        boolean knownAbsent(PlannedObject object) {
            return !live.containsKey(object.key()) && (listed.contains(scope(object.resource(), object.namespace()))
                    || absent.contains(object.key()));
        }

        static String scope(KubeResource resource, String namespace) {
            return resource.apiVersion() + "/" + resource.plural() + "@" + (namespace == null ? "" : namespace);
        }
    }

    private Prefetch prefetch(List<PlannedObject> objects) {
        Map<String, List<PlannedObject>> scopes = new LinkedHashMap<>();
        for (PlannedObject object : objects) {
            scopes.computeIfAbsent(Prefetch.scope(object.resource(), object.namespace()), s -> new ArrayList<>())
                    .add(object);
        }
        List<Map.Entry<String, List<PlannedObject>>> lists = new ArrayList<>();
        List<PlannedObject> gets = new ArrayList<>();
        for (Map.Entry<String, List<PlannedObject>> scope : scopes.entrySet()) {
            if (scope.getValue().size() <= GET_AT_MOST) {
                gets.addAll(scope.getValue());
            } else {
                lists.add(scope);
            }
        }
        Prefetch prefetch = new Prefetch(new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet(),
                ConcurrentHashMap.newKeySet());
        try {
            all(lists, scope -> {
                PlannedObject first = scope.getValue().get(0);
                KubeResource resource = first.resource();
                kube.list(resource, first.namespace(), null).ifPresent(items -> {
                    for (JsonObject item : items) {
                        JsonObject metadata = item.getAsJsonObject("metadata");
                        String ns = metadata.has("namespace") ? metadata.get("namespace").getAsString() : null;
                        prefetch.live().put(new ObjectKey(resource.group(), resource.kind(), ns,
                                metadata.get("name").getAsString()), item);
                    }
                    prefetch.listed().add(scope.getKey());
                });
                return null;
            });
            all(gets, object -> {
                KubeResponse read = kube.get(object.resource(), object.namespace(), object.name());
                if (read.isSuccess()) {
                    prefetch.live().put(object.key(), read.object());
                } else if (read.isNotFound()) {
                    prefetch.absent().add(object.key());
                }
                return null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return prefetch;
    }

    private DryRun dryRun(PlannedObject object, JsonObject listed) {
        KubeResponse response = kube.apply(object.resource(), object.namespace(), object.name(), object.body(), true);
        if (response.isUnreachable()) {
            return new DryRun(object, Verdict.UNREACHABLE, null, response.message());
        }
        if (!response.isSuccess()) {
            if (immutable(response) && object.hasAnnotation(Labels.RECREATE, "enabled")) {
                return new DryRun(object, Verdict.RECREATE, null, response.message(), listed != null && !ours(listed));
            }
            return new DryRun(object, Verdict.FAILED, null, "dry-run refused: " + response.message());
        }
        JsonObject result = response.object();
        String resourceVersion = resourceVersion(result);
        if (resourceVersion == null) {
            return new DryRun(object, Verdict.NEW, null, null);
        }
        JsonObject current = listed;
        if (current == null || !resourceVersion.equals(resourceVersion(current))) {
            KubeResponse read = kube.get(object.resource(), object.namespace(), object.name());
            if (read.isUnreachable()) {
                return new DryRun(object, Verdict.UNREACHABLE, null, read.message());
            }
            current = read.isSuccess() ? read.object() : null;
        }
        boolean same = current != null && sameObject(result, current);
        return new DryRun(object, same ? Verdict.SAME : Verdict.CHANGED, same ? current : null, null,
                current != null && !ours(current));
    }

    private Written write(DryRun dryRun) {
        PlannedObject object = dryRun.object();
        String note = null;
        if (dryRun.verdict() == Verdict.RECREATE) {
            String problem = recreate(object);
            if (problem != null) {
                return new Written(failed(object, problem), null, null);
            }
            note = "recreated because an immutable field changed";
        }
        KubeResponse response = HealthAssessor.readsStoredObject(object.key())
                ? kube.apply(object.resource(), object.namespace(), object.name(), object.body(), false)
                : kube.applyForMetadata(object.resource(), object.namespace(), object.name(), object.body());
        if (response.isUnreachable()) {
            return new Written(failed(object, "apply failed: " + response.message()), null, response.message());
        }
        if (!response.isSuccess() && dryRun.verdict() == Verdict.CHANGED && immutable(response)
                && object.hasAnnotation(Labels.RECREATE, "enabled")) {
            return write(new DryRun(object, Verdict.RECREATE, null, response.message()));
        }
        if (!response.isSuccess()) {
            return new Written(failed(object, "apply refused: " + response.message()), null, null);
        }
        Action action = dryRun.verdict() == Verdict.NEW ? Action.CREATED
                : dryRun.current() != null && resourceVersion(response.object()) != null
                && resourceVersion(response.object()).equals(resourceVersion(dryRun.current())) ? Action.UNCHANGED
                : Action.CONFIGURED;
        return new Written(outcome(object, action, note, response.object()), response.object(), null);
    }

    private static boolean immutable(KubeResponse refused) {
        return IMMUTABLE.matcher(String.valueOf(refused.message())).find();
    }

    /** Deletes the object and waits until it is gone; a problem description, or null when it is gone. */
    private String recreate(PlannedObject object) {
        KubeResponse deleted = kube.delete(object.resource(), object.namespace(), object.name());
        if (!deleted.isSuccess() && !deleted.isNotFound()) {
            return "cannot delete for recreation: " + deleted.message();
        }
        long deadline = System.nanoTime() + recreateTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            KubeResponse read = kube.get(object.resource(), object.namespace(), object.name());
            if (read.isNotFound()) {
                return null;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for the deletion";
            }
        }
        return "deleted for recreation but still present after " + recreateTimeout.toSeconds() + " s (finalizers?)";
    }

    private ObjectOutcome outcome(PlannedObject object, Action action, String message, JsonObject live) {
        List<String> images = HealthAssessor.isWorkload(object.key()) || object.key().kind().endsWith("Job")
                || object.key().kind().equals("Pod") ? HealthAssessor.images(live == null ? object.body() : live)
                : List.of();
        return new ObjectOutcome(object.key(), object.resource().version(), action, message, Health.UNKNOWN, images,
                object.manifest().sourcePath());
    }

    private ObjectOutcome failed(PlannedObject object, String message) {
        return ObjectOutcome.failed(object.key(), object.resource().version(),
                SecretRedactor.redact(message, object.manifest()), object.manifest().sourcePath());
    }

    private void unreachable(List<String> messages) throws ClusterUnreachableException {
        if (!messages.isEmpty()) {
            throw new ClusterUnreachableException(KubeResponse.unreachable(messages.get(0)), "cluster "
                    + cluster.name() + " stopped answering: " + messages.get(0));
        }
    }

    /** Runs {@code task} for every item on the pool and waits for all, in input order. */
    private <T, R> List<R> all(List<T> items, Function<T, R> task) throws InterruptedException {
        List<CompletableFuture<R>> futures = new ArrayList<>();
        for (T item : items) {
            futures.add(CompletableFuture.supplyAsync(() -> task.apply(item), pool));
        }
        List<R> results = new ArrayList<>();
        try {
            for (CompletableFuture<R> future : futures) {
                results.add(future.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("an apply task failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            throw e;
        }
        return results;
    }

    /** Equal apart from kind and apiVersion (lists leave them out of their items). */
    static boolean sameObject(JsonObject dryRun, JsonObject live) {
        JsonObject a = dryRun.deepCopy();
        JsonObject b = live.deepCopy();
        for (JsonObject o : List.of(a, b)) {
            o.remove("kind");
            o.remove("apiVersion");
        }
        return a.equals(b);
    }

    /** Whether a live object carries this inventory's labels (Shiplog applied it for this cluster before). */
    private boolean ours(JsonObject live) {
        JsonObject labels = JsonFields.object(JsonFields.object(live, "metadata"), "labels");
        return Labels.SHIPLOG.equals(JsonFields.string(labels, Labels.MANAGED_BY))
                && cluster.effectiveInventoryId().equals(JsonFields.string(labels, Labels.INVENTORY));
    }

    static String resourceVersion(JsonObject object) {
        JsonObject metadata = object == null ? null : JsonFields.object(object, "metadata");
        String version = JsonFields.string(metadata, "resourceVersion");
        return version == null || version.isEmpty() ? null : version;
    }
}
