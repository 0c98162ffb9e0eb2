package io.shiplog.fleet.watch;

import io.shiplog.fleet.Fleet;
import io.shiplog.fleet.FleetChange;
import io.shiplog.fleet.FleetLoad;
import io.shiplog.fleet.FleetProblem;
import io.shiplog.fleet.FleetSource;
import io.shiplog.fleet.read.FleetLoader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a fleet current: every {@code interval} it hashes the file's content and that of every file the last load
 * read ({@code ${file:}} references, kubeconfigs) — polling, since a Kubernetes ConfigMap or Secret volume is
 * updated by a symlink swap that file events miss — and reloads on a change. A valid edit becomes
 * {@link #current()} and is passed to the listeners as a {@link FleetChange}; an invalid one is logged, one WARN line
 * a problem, and the running fleet is kept.
 */
public final class FleetWatcher implements FleetSource, Closeable {

    /** How often the file is checked unless told otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    /** Larger files are compared by size and modification time. */
    private static final long MAX_HASHED_BYTES = 8L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FleetWatcher.class);

    private final Path file;
    private final FleetLoader loader;
    private final List<Consumer<FleetChange>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private volatile Fleet current;
    private Set<Path> watched;
    private byte[] fingerprint;

    /**
     * Watches {@code file}, whose valid load is {@code initial}; polls every {@code interval} on a daemon thread
     * (a zero interval polls only when {@link #poll()} is called).
     */
    public FleetWatcher(FleetLoad.Valid initial, FleetLoader loader, Duration interval) {
        this.file = initial.file();
        this.loader = loader;
        this.current = initial.fleet();
        this.watched = initial.inputs();
        this.fingerprint = fingerprint(file, watched);
        if (interval.isZero()) {
            this.scheduler = null;
        } else {
            this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "shiplog-fleet-watcher");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleWithFixedDelay(this::pollQuietly, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public Fleet current() {
        return current;
    }

    @Override
    public Path path() {
        return file.toAbsolutePath().normalize();
    }

    @Override
    public AutoCloseable subscribe(Consumer<FleetChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Checks the files now; true when a new fleet was accepted. */
    public synchronized boolean poll() {
        byte[] now = fingerprint(file, watched);
        if (Arrays.equals(now, fingerprint)) {
            return false;
        }
        FleetLoad load = loader.load(file);
        watched = load.inputs();
        fingerprint = fingerprint(file, watched);
        if (load instanceof FleetLoad.Invalid invalid) {
            for (FleetProblem problem : invalid.problems()) {
                LOG.warn("fleet file {}: edit refused, keeping the running configuration: {}", file, problem.render());
            }
            return false;
        }
        Fleet next = ((FleetLoad.Valid) load).fleet();
        Fleet previous = current;
        if (next.equals(previous)) {
            return false;
        }
        current = next;
        FleetChange change = new FleetChange(previous, next);
        for (Consumer<FleetChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.error("fleet file {}: a listener failed on the new configuration", file, e);
            }
        }
        return true;
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.error("fleet file {}: checking for edits failed", file, e);
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** SHA-256 over the file and the inputs, each by name and content (or as missing). */
    static byte[] fingerprint(Path file, Set<Path> inputs) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Set<Path> all = new TreeSet<>(inputs);
        digestFile(digest, file);
        for (Path input : all) {
            digestFile(digest, input);
        }
        return digest.digest();
    }

    private static void digestFile(MessageDigest digest, Path path) {
        digest.update(path.toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        try {
            if (Files.isRegularFile(path)) {
                long size = Files.size(path);
                digest.update(size > MAX_HASHED_BYTES
                        ? (size + "/" + Files.getLastModifiedTime(path).toMillis()).getBytes(StandardCharsets.UTF_8)
                        : Files.readAllBytes(path));
                digest.update((byte) 1);
                return;
            }
        } catch (IOException e) {
            // unreadable counts as missing
        }
        digest.update((byte) 2);
    }
}
