package io.shiplog.auditor.drift;

import io.shiplog.auditor.config.DriftClusterProperties;
import io.shiplog.cluster.git.CommitNotFoundException;
import io.shiplog.cluster.git.GitHandler;
import io.shiplog.cluster.inventory.Inventory;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.manifest.LoadResult;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.plan.PlannedObject;
import io.shiplog.cluster.plan.Planner;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a cluster's {@link DesiredState} from its inventory: the inventory's commit read from the config
 * repository with the applier's own loader and planner, so labels, namespaces and the applied digest are exactly
 * what the applier sent.
 */
public final class DesiredStateLoader {

    private final DriftClusterProperties cluster;
    private final String repositoryUrl;
    private final GitHandler git;
    private final KubernetesHandler kube;
    private final Planner planner;

    public DesiredStateLoader(DriftClusterProperties cluster, String repositoryUrl, GitHandler git,
                              KubernetesHandler kube) {
        this.cluster = cluster;
        this.repositoryUrl = repositoryUrl;
        this.git = git;
        this.kube = kube;
        this.planner = new Planner(cluster.name(), cluster.placement(), kube);
    }

    DesiredState load(Inventory inventory) throws CommitNotFoundException, ClusterUnreachableException {
        Set<KubeResource> resources = new HashSet<>();
        for (Map.Entry<ObjectKey, String> entry : inventory.objects().entrySet()) {
            kube.resource(entry.getValue(), entry.getKey().kind()).ifPresent(resources::add);
        }
        if (inventory.commitSha().isEmpty()) {
            return new DesiredState(inventory, Map.of(), resources);
        }
        LoadResult load = git.load(repositoryUrl, inventory.commitSha(), cluster.paths(), cluster.decryption(), kube);
        Set<Manifest> duplicated = new HashSet<>();
        Planner.duplicates(load.manifests(), cluster.defaultNamespace()).values().forEach(duplicated::addAll);
        List<Manifest> unique = load.manifests().stream().filter(m -> !duplicated.contains(m)).toList();
        Map<ObjectKey, PlannedObject> objects = new HashMap<>();
        for (PlannedObject object : planner.plan(unique).objects()) {
            if (inventory.objects().containsKey(object.key())) {
                objects.put(object.key(), object);
                resources.add(object.resource());
            }
        }
        return new DesiredState(inventory, objects, resources);
    }
}
