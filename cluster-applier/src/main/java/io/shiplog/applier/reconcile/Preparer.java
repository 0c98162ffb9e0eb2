package io.shiplog.applier.reconcile;

import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.applier.reconcile.ReconcileOutcome.FailureReason;
import io.shiplog.cluster.git.CommitNotFoundException;
import io.shiplog.cluster.git.GitHandler;
import io.shiplog.cluster.inventory.Inventory;
import io.shiplog.cluster.inventory.InventoryStore;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.manifest.LoadResult;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * The first step of a reconciliation ({@link Reconciler#prepare}): the cluster's inventory is read (one request, on
 * the cluster's request pool) while the commit is fetched and loaded, so a new cluster's TLS handshake and inventory
 * read cost no time of their own.
 */
final class Preparer {

    /** Commits listed as skipped at most (the newest), for a cluster that was behind for very long. */
    private static final int MAX_PASSED_OVER = 1_000;

    private final ClusterProperties cluster;
    private final String repositoryUrl;
    private final GitHandler git;
    private final KubernetesHandler kube;
    private final InventoryStore inventories;
    private final ExecutorService pool;

    Preparer(ClusterProperties cluster, String repositoryUrl, GitHandler git, KubernetesHandler kube,
             InventoryStore inventories, ExecutorService pool) {
        this.cluster = cluster;
        this.repositoryUrl = repositoryUrl;
        this.git = git;
        this.kube = kube;
        this.inventories = inventories;
        this.pool = pool;
    }

    Inventory currentInventory() throws ClusterUnreachableException {
        return inventories.read().orElse(Inventory.empty(inventories.id()));
    }

    /**
     * Ready, or failed: an unreachable cluster is reported before a commit that cannot be loaded (as when the two ran
     * one after the other), a replay of a commit that is not on the watched branch is REFUSED before either.
     */
    Preparation prepare(ApplyRequest request) {
        Instant started = Instant.now();
        if (request.trigger() == Trigger.REPLAY) {
            try {
                Optional<String> refused = git.notOnBranch(repositoryUrl, request.branch(), request.commitSha());
                if (refused.isPresent()) {
                    return new Preparation.Failed(new ReconcileOutcome.Failed(request, FailureReason.REFUSED,
                            "replay refused, nothing applied: " + refused.get()));
                }
            } catch (CommitNotFoundException e) {
                return new Preparation.Failed(new ReconcileOutcome.Failed(request, FailureReason.LOAD_FAILED,
                        e.getMessage()));
            }
        }
        CompletableFuture<Inventory> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return currentInventory();
            } catch (ClusterUnreachableException e) {
                throw new CompletionException(e);
            }
        }, pool);
        LoadResult load = null;
        CommitNotFoundException notLoaded = null;
        try {
            load = git.load(repositoryUrl, request.commitSha(), cluster.paths(), cluster.decryption(), kube);
        } catch (CommitNotFoundException e) {
            notLoaded = e;
        }
        Inventory before;
        try {
            before = reading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ClusterUnreachableException unreachable) {
                return new Preparation.Failed(ReconcileOutcome.Failed.of(request, unreachable.response(),
                        unreachable.response().isUnreachable() ? "cluster " + cluster.name() + " is unreachable: "
                                + unreachable.response().message() : unreachable.getMessage()));
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        if (notLoaded != null) {
            return new Preparation.Failed(new ReconcileOutcome.Failed(request, FailureReason.LOAD_FAILED,
                    notLoaded.getMessage()));
        }
        return new Preparation.Ready(withPassedOver(request, before), load, cluster.paths(), before, started);
    }

    /**
     * A new commit lists every commit of the branch between the one the cluster runs and itself as skipped, so the
     * log tells each one's fate even when the commits reached no replica in time (a restart, a hand-over).
     */
    private ApplyRequest withPassedOver(ApplyRequest request, Inventory before) {
        if (request.trigger() != Trigger.COMMIT || before.commitSha().isEmpty()
                || before.commitSha().equals(request.commitSha()) || !before.branch().equals(request.branch())) {
            return request;
        }
        return request.passingOver(git.passedOver(repositoryUrl, before.commitSha(), request.commitSha(),
                MAX_PASSED_OVER));
    }
}
