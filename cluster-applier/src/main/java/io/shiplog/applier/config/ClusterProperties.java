package io.shiplog.applier.config;

import io.shiplog.cluster.config.ClusterConnection;
import io.shiplog.cluster.config.ClusterTarget;
import io.shiplog.cluster.config.Decryption;
import io.shiplog.cluster.config.Placement;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shiplog.applier.clusters[i]}: one cluster this applier reconciles.
 *
 * @param name             the cluster's name in events ({@code shiplog.applies} key) and its consumer group
 * @param repository       name of the config repository (may be left out when only one is configured)
 * @param branch           branch of the config repository whose commits it follows
 * @param paths            directories or files of the repository that make up the desired state
 * @param kubeconfig       kubeconfig file (unless {@code inCluster})
 * @param context          kubeconfig context; its current context when left out
 * @param inCluster        use the pod's service account instead of a kubeconfig
 * @param defaultNamespace namespace of namespaced objects that name none
 * @param namespaces       namespace allow-list; empty allows every namespace
 * @param clusterScoped    whether cluster-scoped objects (Namespaces, CRDs, ClusterRoles, …) may be applied
 * @param impersonate      user to impersonate, e.g. {@code system:serviceaccount:shiplog:deployer}; none when blank
 * @param resyncInterval   how often the last applied commit is applied again, undoing ad-hoc changes
 * @param allowEmptyPrune  whether a desired set that became empty prunes everything
 * @param suspended        start suspended (no applies until resumed)
 * @param inventoryId      id of the inventory and the label value on every applied object; the name by default
 * @param healthTimeout    how long to wait for workloads to become healthy after an apply (0 checks once); the
 *                         tuning's {@code health-timeout} when unset
 * @param decryption       where the age keys of the cluster's SOPS-encrypted files are (none by default)
 */
public record ClusterProperties(
        @NotBlank @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?",
                message = "must be a DNS label: lower-case letters, digits and '-', at most 63") String name,
        String repository,
        @NotBlank @DefaultValue("main") String branch,
        @NotEmpty List<@NotNull String> paths,
        Path kubeconfig,
        String context,
        boolean inCluster,
        @NotBlank @DefaultValue("default") String defaultNamespace,
        @DefaultValue List<@NotBlank String> namespaces,
        @DefaultValue("true") boolean clusterScoped,
        String impersonate,
        @NotNull @DefaultValue("5m") Duration resyncInterval,
        boolean allowEmptyPrune,
        boolean suspended,
        @Pattern(regexp = "[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?",
                message = "must be a valid label value of lower-case letters, digits, '-' and '.'") String inventoryId,
        Duration healthTimeout,
        @DefaultValue Decryption decryption)
        implements ClusterTarget {

    public ClusterProperties {
        decryption = decryption == null ? Decryption.NONE : decryption;
    }

    /** The health timeout of this cluster: its own, else {@code tuning}'s. */
    public Duration effectiveHealthTimeout(TuningProperties tuning) {
        return healthTimeout == null ? tuning.healthTimeout() : healthTimeout;
    }

    /** The inventory id: {@code inventoryId} when set, else the name. */
    public String effectiveInventoryId() {
        return inventoryId == null || inventoryId.isBlank() ? name : inventoryId;
    }

    @Override
    public ClusterConnection connection() {
        return new ClusterConnection(kubeconfig, context, inCluster, impersonate);
    }

    @Override
    public Placement placement() {
        return new Placement(defaultNamespace, namespaces, clusterScoped, effectiveInventoryId());
    }
}
