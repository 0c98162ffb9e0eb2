package io.shiplog.auditor.drift;

import com.google.gson.JsonObject;
import io.shiplog.auditor.config.DriftClusterProperties;
import io.shiplog.auditor.config.DriftMode;
import io.shiplog.auditor.drift.compare.DriftJudge;
import io.shiplog.auditor.drift.compare.FieldDrift;
import io.shiplog.cluster.git.CommitNotFoundException;
import io.shiplog.cluster.inventory.Inventory;
import io.shiplog.cluster.inventory.InventoryStore;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubeResponse;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.plan.Labels;
import io.shiplog.cluster.plan.LiveState;
import io.shiplog.cluster.plan.PlannedObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift of one cluster: a full audit (list every managed kind, compare every inventory object with git) and checks
 * of single objects the watches saw change. An object matches git when its live state provably holds what Shiplog
 * applied, or else when a server-side apply dry-run of the desired object equals the live object apart from the
 * ignored fields.
 */
public final class ClusterDrift {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterDrift.class);
    private static final Duration MAX_COOLDOWN = Duration.ofMinutes(5);

    /** What one run found: the objects looked at and their drift; {@code deferred} when an apply is running. */
    record Findings(Collection<ObjectKey> checked, List<ObjectDrift> drifts, boolean deferred) {
    }

    private final DriftClusterProperties cluster;
    private final KubernetesHandler kube;
    private final InventoryStore inventories;
    private final DesiredStateLoader loader;
    private final DriftTracker tracker;
    private final DriftReporter reporter;
    private final ExecutorService pool;
    private final Duration correctionCooldown;
    private final Clock clock;
    private volatile DesiredState desired;
    private Instant lastCorrection = Instant.EPOCH;
    /** The cooldown now: doubled for each correction that did not clear the drift, back to the base once it is. */
    private Duration cooldown;
    private int correctionsWithoutClear;
    /** When a correction held back by the cooldown is due (null: none is). */
    private volatile Instant correctionDue;

    public ClusterDrift(DriftClusterProperties cluster, KubernetesHandler kube, DesiredStateLoader loader,
                        DriftTracker tracker, DriftReporter reporter, ExecutorService pool, Duration correctionCooldown,
                        Clock clock) {
        this.cluster = cluster;
        this.kube = kube;
        this.inventories = new InventoryStore(kube, cluster.placement().inventoryId());
        this.loader = loader;
        this.tracker = tracker;
        this.reporter = reporter;
        this.pool = pool;
        this.correctionCooldown = correctionCooldown;
        this.cooldown = correctionCooldown;
        this.clock = clock;
    }

    public String name() {
        return cluster.name();
    }

    /** The resources Shiplog manages on this cluster as of the last audit; empty before the first. */
    Set<KubeResource> managedResources() {
        DesiredState state = desired;
        return state == null ? Set.of() : state.resources();
    }

    /** When a correction the cooldown held back is due, once: the worker audits again then. */
    Optional<Instant> takeCorrectionDue() {
        Instant due = correctionDue;
        correctionDue = null;
        return Optional.ofNullable(due);
    }

    String inventoryName() {
        return inventories.objectName();
    }

    /**
     * Checks every object; publishes what changed and {@code AuditCompleted}, or {@code AuditFailed} when the
     * cluster or git cannot be read. Answers false when an apply is running and the audit should be retried soon.
     */
    public boolean audit() throws InterruptedException {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        try {
            DesiredState state = current();
            if (state == null) {
                return false;
            }
            Map<ObjectKey, JsonObject> live = new HashMap<>();
            Set<KubeResource> unlisted = new HashSet<>();
            for (KubeResource resource : state.resources()) {
                // with a namespace allow-list, one LIST per namespace: the service account may read nothing else
                List<String> scopes = resource.namespaced() && !cluster.namespaces().isEmpty() ? cluster.namespaces()
                        : java.util.Collections.singletonList(null);
                for (String namespace : scopes) {
                    Optional<List<JsonObject>> items = kube.list(resource, namespace,
                            Labels.MANAGED_BY + "=" + Labels.SHIPLOG);
                    if (items.isEmpty()) {
                        unlisted.add(resource);
                        continue;
                    }
                    for (JsonObject item : items.get()) {
                        live.put(keyOf(resource, item), item);
                    }
                }
            }
            List<ObjectKey> keys = new ArrayList<>(state.objects().keySet());
            List<CompletableFuture<Optional<ObjectDrift>>> checks = new ArrayList<>();
            for (ObjectKey key : keys) {
                PlannedObject object = state.objects().get(key);
                JsonObject current = live.get(key);
                boolean knownAbsent = current == null && !unlisted.contains(object.resource());
                checks.add(CompletableFuture.supplyAsync(() -> compare(object, current, knownAbsent), pool));
            }
            List<ObjectDrift> drifts = new ArrayList<>();
            for (CompletableFuture<Optional<ObjectDrift>> check : checks) {
                check.join().ifPresent(drifts::add);
            }
            List<ObjectKey> checked = new ArrayList<>(keys);
            for (Map.Entry<ObjectKey, JsonObject> entry : live.entrySet()) {
                if (isUnmanaged(state, entry.getKey(), entry.getValue())) {
                    drifts.add(unmanaged(entry.getKey(), entry.getValue()));
                    checked.add(entry.getKey());
                }
            }
            if (!stillCurrent(state)) {
                return false;
            }
            publish(state, new Findings(checked, drifts, false));
            Set<ObjectKey> relevant = new HashSet<>(checked);
            tracker.forgetAllBut(relevant).forEach(this::send);
            correctIfNeeded("full audit");
            AuditSummary summary = summary(state, started, (System.nanoTime() - t0) / 1_000_000, checked.size(),
                    drifts);
            reporter.auditCompleted(summary);
            LOG.info("cluster {} audited at {} in {} ms: {} checked, {} in sync, {} modified, {} deleted, {} unmanaged",
                    cluster.name(), summary.commitSha(), summary.durationMs(), summary.objectsChecked(),
                    summary.inSync(), summary.modified(), summary.deleted(), summary.unmanaged());
            return true;
        } catch (ClusterUnreachableException | CommitNotFoundException | java.util.concurrent.CompletionException e) {
            String reason = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause().getMessage() : e.getMessage();
            LOG.warn("cluster {}: drift audit failed: {}", cluster.name(), reason);
            reporter.auditFailed(cluster.name(), started, reason);
            return true;
        }
    }

    /**
     * Checks the objects the watches saw change. Answers false when an apply is running (the caller checks them
     * again later).
     */
    public boolean check(Set<ObjectKey> keys) {
        try {
            DesiredState state = current();
            if (state == null) {
                return false;
            }
            List<ObjectKey> checked = new ArrayList<>();
            List<ObjectDrift> drifts = new ArrayList<>();
            for (ObjectKey key : keys) {
                PlannedObject object = state.objects().get(key);
                if (object != null) {
                    KubeResponse read = kube.get(object.resource(), key.namespace(), key.name());
                    if (read.isUnreachable()) {
                        throw new ClusterUnreachableException(read, read.message());
                    }
                    checked.add(key);
                    compare(object, read.isSuccess() ? read.object() : null, read.isNotFound()).ifPresent(drifts::add);
                } else if (!state.inventory().objects().containsKey(key)) {
                    Optional<ObjectDrift> unmanaged = unmanagedNow(state, key);
                    checked.add(key);
                    unmanaged.ifPresent(drifts::add);
                }
            }
            if (!stillCurrent(state)) {
                return false;
            }
            publish(state, new Findings(checked, drifts, false));
            correctIfNeeded("watch");
            return true;
        } catch (ClusterUnreachableException | CommitNotFoundException e) {
            LOG.warn("cluster {}: drift check of {} objects failed: {}", cluster.name(), keys.size(), e.getMessage());
            return true;
        }
    }

    /** The desired state at the inventory's commit, reloaded when the commit changed; null while applying. */
    private DesiredState current() throws ClusterUnreachableException, CommitNotFoundException {
        Inventory inventory;
        try {
            inventory = inventories.read().orElse(Inventory.empty(inventories.id()));
        } catch (ClusterUnreachableException e) {
            if (!e.response().isUnreachable()) {
                throw e;
            }
            throw new ClusterUnreachableException(e.response(), "cluster " + cluster.name() + " is unreachable: "
                    + e.response().message());
        }
        if (inventory.state() == Inventory.State.APPLYING) {
            return null;
        }
        DesiredState state = desired;
        if (state == null || !state.inventory().equals(inventory)) {
            state = loader.load(inventory);
            desired = state;
        }
        return state;
    }

    /**
     * Whether the inventory still says what it said when the live objects were read: an apply that began meanwhile
     * changed them, and judging its writes against the previous commit would report drift that is none.
     */
    private boolean stillCurrent(DesiredState state) throws ClusterUnreachableException {
        Inventory now = inventories.read().orElse(Inventory.empty(inventories.id()));
        if (now.equals(state.inventory())) {
            return true;
        }
        LOG.debug("cluster {}: an apply ran while its objects were read (inventory {} {}), judged again soon",
                cluster.name(), now.commitSha(), now.state());
        return false;
    }

    private Optional<ObjectDrift> compare(PlannedObject object, JsonObject live, boolean knownAbsent) {
        ObjectKey key = object.key();
        String version = object.resource().version();
        if (live == null) {
            if (!knownAbsent) {
                KubeResponse read = kube.get(object.resource(), key.namespace(), key.name());
                if (read.isSuccess()) {
                    return compare(object, read.object(), false);
                }
                if (!read.isNotFound()) {
                    throw new java.util.concurrent.CompletionException(new ClusterUnreachableException(read,
                            "cannot read " + key + ": " + read.message()));
                }
            }
            return Optional.of(new ObjectDrift(key, version, ObjectDrift.Kind.DELETED, List.of()));
        }
        if (LiveState.matches(object.body(), live)) {
            return Optional.empty();
        }
        KubeResponse dryRun = kube.apply(object.resource(), key.namespace(), key.name(), object.body(), true);
        if (!dryRun.isSuccess()) {
            if (dryRun.isUnreachable()) {
                throw new java.util.concurrent.CompletionException(new ClusterUnreachableException(dryRun,
                        "dry-run of " + key + " failed: " + dryRun.message()));
            }
            // git no longer applies cleanly (the applier reports that); the live object cannot be judged against it
            LOG.debug("cluster {}: dry-run of {} refused, not judged: HTTP {}", cluster.name(), key, dryRun.code());
            return Optional.empty();
        }
        List<FieldDrift> fields = DriftJudge.drifted(key, dryRun.object(), live, cluster.ignore());
        return fields.isEmpty() ? Optional.empty()
                : Optional.of(new ObjectDrift(key, version, ObjectDrift.Kind.MODIFIED, fields));
    }

    private Optional<ObjectDrift> unmanagedNow(DesiredState state, ObjectKey key) throws ClusterUnreachableException {
        for (KubeResource resource : state.resources()) {
            if (resource.group().equals(key.group()) && resource.kind().equals(key.kind())) {
                KubeResponse read = kube.get(resource, key.namespace(), key.name());
                if (read.isUnreachable()) {
                    throw new ClusterUnreachableException(read, read.message());
                }
                if (read.isSuccess() && isUnmanaged(state, key, read.object())) {
                    return Optional.of(unmanaged(key, read.object()));
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Labelled as this inventory's (or as Shiplog's without an inventory) but not listed in it. */
    private boolean isUnmanaged(DesiredState state, ObjectKey key, JsonObject live) {
        if (state.inventory().objects().containsKey(key)) {
            return false;
        }
        JsonObject metadata = live.getAsJsonObject("metadata");
        JsonObject labels = metadata != null && metadata.get("labels") instanceof JsonObject l ? l : new JsonObject();
        if (labels.has(Labels.INVENTORY_OF) || !labels.has(Labels.MANAGED_BY)
                || !Labels.SHIPLOG.equals(labels.get(Labels.MANAGED_BY).getAsString())) {
            return false;
        }
        return !labels.has(Labels.INVENTORY) || inventories.id().equals(labels.get(Labels.INVENTORY).getAsString());
    }

    private ObjectDrift unmanaged(ObjectKey key, JsonObject live) {
        String apiVersion = live.has("apiVersion") ? live.get("apiVersion").getAsString() : "";
        String version = apiVersion.isEmpty() ? "" : ObjectKey.versionOf(apiVersion);
        return new ObjectDrift(key, version, ObjectDrift.Kind.UNMANAGED, List.of());
    }

    private void publish(DesiredState state, Findings findings) {
        boolean correct = cluster.mode() == DriftMode.CORRECT;
        for (DriftChange change : tracker.changes(state.commitSha(), findings.checked(), findings.drifts(), correct)) {
            send(change);
        }
    }

    private void send(DriftChange change) {
        String eventId = reporter.report(change);
        tracker.published(change, eventId, clock.instant());
        if (change instanceof DriftChange.Detected detected) {
            LOG.info("cluster {} drift at {}: {}", cluster.name(), detected.commitSha(), detected.drift());
        } else if (change instanceof DriftChange.Resolved resolved) {
            LOG.info("cluster {} drift resolved: {} {}", cluster.name(), resolved.kind(), resolved.key());
        }
    }

    /**
     * Asks the applier for a resync when correctable drift is open, at most once per cooldown; one held back is due
     * when the cooldown ends. A drift that outlives its correction (another controller fighting over a field) is
     * corrected with a doubling cooldown, up to {@link #MAX_COOLDOWN}.
     */
    private void correctIfNeeded(String trigger) {
        if (cluster.mode() != DriftMode.CORRECT || !tracker.hasCorrectableDrift()) {
            correctionDue = null;
            cooldown = correctionCooldown;
            correctionsWithoutClear = 0;
            return;
        }
        Instant now = clock.instant();
        if (Duration.between(lastCorrection, now).compareTo(cooldown) < 0) {
            correctionDue = lastCorrection.plus(cooldown);
            LOG.debug("cluster {}: correction seen by {} waits for the cooldown until {}", cluster.name(), trigger,
                    correctionDue);
            return;
        }
        correctionDue = null;
        lastCorrection = now;
        long count = tracker.open().stream().filter(o -> o.drift().correctable()).count();
        if (correctionsWithoutClear++ > 0) {
            cooldown = cooldown.multipliedBy(2).compareTo(MAX_COOLDOWN) > 0 ? MAX_COOLDOWN : cooldown.multipliedBy(2);
            LOG.info("cluster {}: drift on {} object(s) outlived {} correction(s); the next waits {}", cluster.name(),
                    count, correctionsWithoutClear - 1, cooldown);
        }
        reporter.requestResync(cluster.name(), "drift on " + count + " object(s), seen by " + trigger);
    }

    private AuditSummary summary(DesiredState state, Instant started, long durationMs, int checked,
                                 List<ObjectDrift> drifts) {
        int modified = (int) drifts.stream().filter(d -> d.kind() == ObjectDrift.Kind.MODIFIED).count();
        int deleted = (int) drifts.stream().filter(d -> d.kind() == ObjectDrift.Kind.DELETED).count();
        int unmanaged = (int) drifts.stream().filter(d -> d.kind() == ObjectDrift.Kind.UNMANAGED).count();
        return new AuditSummary(cluster.name(), state.commitSha().isEmpty() ? null : state.commitSha(), started,
                durationMs, checked, checked - modified - deleted - unmanaged, modified, deleted, unmanaged);
    }

    static ObjectKey keyOf(KubeResource resource, JsonObject item) {
        JsonObject metadata = item.getAsJsonObject("metadata");
        String namespace = metadata.has("namespace") ? metadata.get("namespace").getAsString() : null;
        return new ObjectKey(resource.group(), resource.kind(), resource.namespaced() ? namespace : null,
                metadata.get("name").getAsString());
    }
}
