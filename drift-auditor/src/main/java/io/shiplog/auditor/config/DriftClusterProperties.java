package io.shiplog.auditor.config;

import io.shiplog.cluster.config.ClusterConnection;
import io.shiplog.cluster.config.ClusterTarget;
import io.shiplog.cluster.config.Decryption;
import io.shiplog.cluster.config.Placement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shiplog.drift.clusters[i]}: one cluster whose live objects are compared with git. The placement options
 * ({@code paths}, {@code default-namespace}, {@code namespaces}, {@code cluster-scoped}, {@code inventory-id}) must
 * be those of the cluster's applier, so the desired objects are exactly the ones it applies.
 *
 * @param name          the cluster's name, as in {@code shiplog.applies}
 * @param repository    name of the config repository; may be left out when only one is configured
 * @param paths         the cluster's paths in the config repository
 * @param mode          report only, or also correct through the applier
 * @param auditInterval how often every object is checked (watches catch single edits in between)
 * @param ignore        differences not to report
 * @param decryption    where the age keys of the cluster's SOPS-encrypted files are (none by default)
 */
public record DriftClusterProperties(
        @NotBlank @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?",
                message = "must be a DNS label: lower-case letters, digits and '-', at most 63") String name,
        String repository,
        @NotEmpty List<@NotNull String> paths,
        Path kubeconfig,
        String context,
        boolean inCluster,
        @NotBlank @DefaultValue("default") String defaultNamespace,
        @DefaultValue List<@NotBlank String> namespaces,
        @DefaultValue("true") boolean clusterScoped,
        String impersonate,
        String inventoryId,
        @NotNull @DefaultValue("REPORT") DriftMode mode,
        @NotNull @DefaultValue("10m") Duration auditInterval,
        @Valid @DefaultValue List<IgnoreRule> ignore,
        @DefaultValue Decryption decryption) implements ClusterTarget {

    public DriftClusterProperties {
        decryption = decryption == null ? Decryption.NONE : decryption;
    }

    @Override
    public ClusterConnection connection() {
        return new ClusterConnection(kubeconfig, context, inCluster, impersonate);
    }

    @Override
    public Placement placement() {
        return new Placement(defaultNamespace, namespaces, clusterScoped,
                inventoryId == null || inventoryId.isBlank() ? name : inventoryId);
    }
}
