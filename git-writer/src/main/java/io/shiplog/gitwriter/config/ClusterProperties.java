package io.shiplog.gitwriter.config;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shiplog.git-writer.clusters[i]}: where a cluster's manifests are, so a {@code RollbackCluster} command
 * knows what to roll back (the fleet file's {@code clusters[]} give it).
 *
 * @param name       the cluster's name, as commands name it
 * @param repository the configured repository ({@code repositories[].name} or its URL); may be left empty when
 *                   exactly one repository is configured
 * @param paths      the cluster's paths in the repository; empty means the whole repository
 */
public record ClusterProperties(@NotBlank String name, @DefaultValue("") String repository,
                                @DefaultValue List<String> paths) {

    public ClusterProperties {
        paths = paths == null ? List.of() : paths.stream().map(p -> p.strip().replaceFirst("^(\\./|/)+", "")
                .replaceFirst("/+$", "")).toList();
    }

    /** Whether {@code path} (a file of the repository) is one of the cluster's. */
    public boolean covers(String path) {
        return paths.isEmpty() || paths.stream().anyMatch(p -> p.isEmpty() || path.equals(p)
                || path.startsWith(p + "/"));
    }

    /** Whether the cluster's manifests are in {@code repo}. */
    public boolean in(RepositoryProperties repo, int configured) {
        return repository == null || repository.isBlank() ? configured == 1
                : repository.equals(repo.name()) || repository.equals(repo.url());
    }
}
