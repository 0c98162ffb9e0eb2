package io.shiplog.dev.data;

import io.shiplog.local.support.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code shiplog dev} keeps its state, each component in a subdirectory of its own, so that stopping and
 * starting again on the same directory resumes where it stopped: the broker's log ({@code kafka/}), the audit store
 * ({@code audit/}), each service's git mirrors ({@code mirrors/<service>/}), and for the demo the registry's storage
 * ({@code registry/}), the git server's repositories ({@code git/}), the API servers' etcd and kubeconfigs
 * ({@code kube/}), the generated fleet file ({@code shiplog.yaml}) with its {@code secrets/}, and what the demo has
 * released ({@code demo.properties}). Without a directory everything lives in a temporary one, deleted on close.
 */
public final class DataDir implements AutoCloseable {

    private final Path root;
    private final boolean temporary;

    private DataDir(Path root, boolean temporary) {
        this.root = root;
        this.temporary = temporary;
    }

    /** {@code dir} when given (created if missing), else a new temporary directory. */
    public static DataDir of(Optional<Path> dir) {
        if (dir.isEmpty()) {
            return new DataDir(TempDirs.create("shiplog-dev"), true);
        }
        Path root = dir.get().toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + root, e);
        }
        return new DataDir(root, false);
    }

    public Path root() {
        return root;
    }

    /** Whether it is deleted on close (nothing survives the run). */
    public boolean temporary() {
        return temporary;
    }

    /** Whether a broker ran here before: a second start resumes. */
    public boolean resumes() {
        return !temporary && Files.isDirectory(kafka());
    }

    public Path kafka() {
        return root.resolve("kafka");
    }

    public Path audit() {
        return root.resolve("audit");
    }

    public Path mirrors(String service) {
        return root.resolve("mirrors").resolve(service);
    }

    public Path registry() {
        return root.resolve("registry");
    }

    public Path git() {
        return root.resolve("git");
    }

    public Path kube() {
        return root.resolve("kube");
    }

    public Path fleetFile() {
        return root.resolve("shiplog.yaml");
    }

    public Path demoState() {
        return root.resolve("demo.properties");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    @Override
    public void close() {
        if (temporary) {
            TempDirs.deleteQuietly(root);
        }
    }

    @Override
    public String toString() {
        return root + (temporary ? " (temporary)" : "");
    }
}
