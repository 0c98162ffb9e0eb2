package io.shiplog.dev.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a fleet file ({@code shiplog.yaml}) for infrastructure that {@code shiplog dev}, the end-to-end tests or a
 * benchmark started: registries, config repositories and clusters, each secret kept in a file of its own beside the
 * fleet file (owner-only) and referenced as {@code ${file:…}}, never inline.
 */
public final class FleetFileBuilder {

    /** A container registry reached over plain HTTP on loopback. */
    public record Registry(String host, String url, String username, String password) {
    }

    /** A config repository reached with HTTP Basic credentials (or none). */
    public record Repository(String name, String url, String branch, String username, String password) {
    }

    /**
     * A cluster: its kubeconfig, paths, health timeout (0 checks once: API servers without a controller-manager
     * never report workloads ready), resync interval and drift mode.
     */
    public record Cluster(String name, String repository, Path kubeconfig, List<String> paths,
                          Duration healthTimeout, Duration resync, String driftMode) {
    }

    private final List<Registry> registries = new ArrayList<>();
    private final List<Repository> repositories = new ArrayList<>();
    private final List<Cluster> clusters = new ArrayList<>();
    private String registryWebhookToken;

    public FleetFileBuilder registry(Registry registry) {
        registries.add(registry);
        return this;
    }

    public FleetFileBuilder repository(Repository repository) {
        repositories.add(repository);
        return this;
    }

    public FleetFileBuilder cluster(Cluster cluster) {
        clusters.add(cluster);
        return this;
    }

    /** The token the registry's notifications carry to the scanner's webhook. */
    public FleetFileBuilder registryWebhookToken(String token) {
        this.registryWebhookToken = token;
        return this;
    }

    /** Writes {@code file} and, beside it in {@code secrets/}, one file per secret. */
    public Path writeTo(Path file) {
        Path secrets = file.toAbsolutePath().getParent().resolve("secrets");
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Written by Shiplog; see examples/shiplog.yaml in the repository for every option.\n");
        yaml.append("apiVersion: shiplog.io/v1alpha1\nkind: Fleet\n");
        if (!registries.isEmpty()) {
            yaml.append("registries:\n");
            for (Registry r : registries) {
                yaml.append("  - host: ").append(quote(r.host())).append('\n');
                if (r.url() != null) {
                    yaml.append("    url: ").append(quote(r.url())).append('\n');
                }
                if (r.username() != null) {
                    yaml.append("    username: ").append(quote(r.username())).append('\n');
                    yaml.append("    password: ").append(secret(secrets, "registry-" + r.host(), r.password()))
                            .append('\n');
                }
            }
        }
        if (!repositories.isEmpty()) {
            yaml.append("repositories:\n");
            for (Repository r : repositories) {
                yaml.append("  - name: ").append(quote(r.name())).append('\n');
                yaml.append("    url: ").append(quote(r.url())).append('\n');
                yaml.append("    branch: ").append(quote(r.branch())).append('\n');
                yaml.append("    fetchInterval: 5s\n");
                if (r.username() != null) {
                    yaml.append("    auth:\n");
                    yaml.append("      username: ").append(quote(r.username())).append('\n');
                    yaml.append("      password: ").append(secret(secrets, "git-" + r.name(), r.password()))
                            .append('\n');
                }
            }
        }
        if (!clusters.isEmpty()) {
            yaml.append("clusters:\n");
            for (Cluster c : clusters) {
                yaml.append("  - name: ").append(quote(c.name())).append('\n');
                yaml.append("    repository: ").append(quote(c.repository())).append('\n');
                yaml.append("    paths: [").append(String.join(", ", c.paths().stream().map(FleetFileBuilder::quote)
                        .toList())).append("]\n");
                yaml.append("    kubeconfig: ").append(quote(c.kubeconfig().toAbsolutePath().toString())).append('\n');
                yaml.append("    healthTimeout: ").append(seconds(c.healthTimeout())).append('\n');
                yaml.append("    resync: ").append(seconds(c.resync())).append('\n');
                yaml.append("    drift:\n      mode: ").append(c.driftMode()).append('\n');
            }
        }
        if (registryWebhookToken != null) {
            yaml.append("webhooks:\n  registry:\n    token: ")
                    .append(secret(secrets, "registry-webhook-token", registryWebhookToken)).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fleet file " + file, e);
        }
    }

    private static String secret(Path dir, String name, String value) {
        Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            Files.createDirectories(dir);
            Files.writeString(file, value);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps its default permissions
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secret file " + file, e);
        }
        return "${file:" + file.toAbsolutePath() + "}";
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
