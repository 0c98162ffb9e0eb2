package io.shiplog.scanner.scan;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.scanner.registry.RegistryException;
import io.shiplog.schemas.logging.LogContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each repository is scanned: at once when it is added or a webhook names it, then every interval with
 * jitter (so repositories added together do not stay in step); never two scans of one repository at a time. A scan
 * that fails is retried sooner with backoff, and the other repositories go on.
 */
public final class ScanScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScanScheduler.class);
    private static final double JITTER = 0.1;
    private static final int AWAIT_SCANS = 5;
    private static final long AWAIT_FIRST_MS = 200;

    private final RepositoryScanner scanner;
    private final ExecutorService pool;
    private final MeterRegistry meters;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private final Thread dispatcher;
    private volatile boolean running = true;

    private static final class Slot {
        volatile WatchedRepository repository;
        long dueAt;
        boolean scanning;
        Source nextSource = Source.POLL;
        Instant pushedAt;
        final Set<String> awaitedTags = new HashSet<>();
        int awaitScans;
        int failures;
        String lastError;
        long scans;

        Slot(WatchedRepository repository) {
            this.repository = repository;
        }
    }

    public ScanScheduler(RepositoryScanner scanner, ExecutorService pool, MeterRegistry meters) {
        this.scanner = scanner;
        this.pool = pool;
        this.meters = meters;
        this.dispatcher = new Thread(this::dispatch, "scan-dispatcher");
        this.dispatcher.setDaemon(true);
    }

    public void start() {
        dispatcher.start();
    }

    /** Scans {@code repository} from now on (at once when it is new). */
    public void watch(WatchedRepository repository) {
        String key = repository.name().toString();
        boolean added = slots.putIfAbsent(key, new Slot(repository)) == null;
        Slot slot = slots.get(key);
        slot.repository = repository;
        if (added) {
            LOG.info("repository {} watched, every {}{}", key, repository.interval(),
                    repository.trackedTags().isEmpty() ? "" : ", tracking " + repository.trackedTags());
            synchronized (signal) {
                slot.dueAt = System.currentTimeMillis();
                signal.notifyAll();
            }
        }
    }

    public void unwatch(String repository) {
        if (slots.remove(repository) != null) {
            LOG.info("repository {} no longer watched", repository);
        }
    }

    /**
     * Stops scanning {@code repositories} and waits until a scan of theirs that is still running has finished
     * (and so has published what it found), so that another instance taking them over reads those events first.
     *
     * @return false when a scan was still running at the timeout
     */
    public boolean handOver(Collection<String> repositories, Duration timeout) throws InterruptedException {
        List<Slot> leaving = new java.util.ArrayList<>();
        for (String repository : repositories) {
            Slot slot = slots.remove(repository);
            if (slot != null) {
                leaving.add(slot);
                LOG.info("repository {} handed over to another instance", repository);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (signal) {
            while (leaving.stream().anyMatch(slot -> slot.scanning)) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                signal.wait(left);
            }
        }
        return true;
    }

    /** A push notification named {@code repository}: scan it now; what it finds carries source WEBHOOK. */
    public boolean hint(String repository, Instant pushedAt) {
        return hint(repository, pushedAt, null);
    }

    /**
     * A push notification named {@code tag} of {@code repository}: scan it now, and again a little later (a few
     * times, with backoff) while the registry does not resolve the tag yet: a registry may notify a manifest push
     * before it has linked the tag (distribution does).
     */
    public boolean hint(String repository, Instant pushedAt, String tag) {
        Slot slot = slots.get(repository);
        if (slot == null) {
            return false;
        }
        synchronized (signal) {
            slot.nextSource = Source.WEBHOOK;
            slot.pushedAt = pushedAt;
            slot.dueAt = System.currentTimeMillis();
            if (tag != null) {
                slot.awaitedTags.add(tag);
                slot.awaitScans = 0;
            }
            signal.notifyAll();
        }
        return true;
    }

    public Collection<String> watched() {
        return List.copyOf(slots.keySet());
    }

    /** Scans completed so far of {@code repository} (0 when unknown). */
    public long scans(String repository) {
        Slot slot = slots.get(repository);
        return slot == null ? 0 : slot.scans;
    }

    private void dispatch() {
        while (running) {
            try {
                long next = Long.MAX_VALUE;
                synchronized (signal) {
                    long now = System.currentTimeMillis();
                    for (Map.Entry<String, Slot> entry : slots.entrySet()) {
                        Slot slot = entry.getValue();
                        if (slot.scanning) {
                            continue;
                        }
                        if (slot.dueAt <= now) {
                            slot.scanning = true;
                            Source source = slot.nextSource;
                            Instant pushedAt = slot.pushedAt;
                            slot.nextSource = Source.POLL;
                            slot.pushedAt = null;
                            pool.execute(() -> runInContext(entry.getKey(), slot, source, pushedAt));
                        } else {
                            next = Math.min(next, slot.dueAt);
                        }
                    }
                    long wait = next == Long.MAX_VALUE ? 1000 : Math.max(1, next - System.currentTimeMillis());
                    signal.wait(Math.min(wait, 1000));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("scan dispatcher: {}", e.toString());
            }
        }
    }

    /** {@link #run} with the image repository in every log line's context. */
    private void runInContext(String key, Slot slot, Source source, Instant pushedAt) {
        try (LogContext.Scope scope = LogContext.with().repository(key).open()) {
            run(key, slot, source, pushedAt);
        }
    }

    private void run(String key, Slot slot, Source source, Instant pushedAt) {
        WatchedRepository repository = slot.repository;
        long delay = repository.interval().toMillis();
        boolean awaitAgain = false;
        try {
            RepositoryScanner.Result result = scanner.scan(repository, source, pushedAt);
            awaitAgain = stillAwaited(slot, result.resolved(), pushedAt);
            LOG.debug("repository {} scanned ({}): {} tags, {} HEAD, {} change(s), awaiting {}", key, source,
                    result.tags(), result.heads(), result.changes().size(), awaitAgain);
            if (slot.lastError != null) {
                LOG.info("repository {} scans again ({} tags)", key, result.tags());
            }
            slot.failures = 0;
            slot.lastError = null;
            if (!result.changes().isEmpty()) {
                LOG.info("repository {} ({}): {} tags, {} HEAD, {} change(s)", key, source, result.tags(),
                        result.heads(), result.changes().size());
            }
        } catch (RegistryException e) {
            slot.failures++;
            scanFailures(repository.name().registry(), e.reason()).increment();
            if (!e.getMessage().equals(slot.lastError)) {
                LOG.warn("scan of {} failed: {}", key, e.getMessage());
            }
            slot.lastError = e.getMessage();
            delay = Math.min(delay, Math.min(60_000L, 1000L << Math.min(6, slot.failures)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            slot.failures++;
            LOG.warn("scan of {} failed: {}", key, e.toString());
        } finally {
            slot.scans++;
            synchronized (signal) {
                slot.scanning = false;
                if (awaitAgain && slot.nextSource == Source.POLL) {
                    slot.nextSource = Source.WEBHOOK;
                    slot.pushedAt = pushedAt;
                    slot.dueAt = System.currentTimeMillis() + (AWAIT_FIRST_MS << (slot.awaitScans - 1));
                } else if (slot.nextSource == Source.POLL) {
                    long jitter = (long) (delay * JITTER * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
                    slot.dueAt = System.currentTimeMillis() + Math.max(1, delay + jitter);
                }
                signal.notifyAll();
            }
        }
    }

    /** Whether a tag a notification named still does not resolve, and is worth another look soon. */
    private boolean stillAwaited(Slot slot, Set<String> resolved, Instant pushedAt) {
        synchronized (signal) {
            slot.awaitedTags.removeAll(resolved);
            if (slot.awaitedTags.isEmpty()) {
                slot.awaitScans = 0;
                return false;
            }
            if (++slot.awaitScans > AWAIT_SCANS) {
                LOG.info("tag(s) {} named by a push notification (pushed {}) still do not resolve after {} scans; "
                        + "the next poll will look again", slot.awaitedTags, pushedAt, AWAIT_SCANS);
                slot.awaitedTags.clear();
                slot.awaitScans = 0;
                return false;
            }
            return true;
        }
    }

    /** The interval of repositories that name none. */
    public static Duration defaultInterval() {
        return Duration.ofMinutes(1);
    }

    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
    }

    /** Scan failures of a registry by reason; every reason is registered at zero with the registry's first failure. */
    private Counter scanFailures(String registry, RegistryException.Reason reason) {
        for (RegistryException.Reason each : RegistryException.Reason.values()) {
            Counter.builder("shiplog.scanner.scan.failures").tag("registry", registry)
                    .tag("reason", each.name().toLowerCase(Locale.ROOT)).register(meters);
        }
        return Counter.builder("shiplog.scanner.scan.failures").tag("registry", registry)
                .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(meters);
    }
}
