package io.shiplog.dev.bench;

import io.shiplog.dev.services.Service;
import io.shiplog.dev.services.ServiceJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The four services of the chaos benchmark, each in its own JVM on a fixed port, killed with SIGKILL and started
 * again the way a container runtime restarts a crashed container: with the same arguments, data directories and
 * port, retried with a backoff while it cannot start (the broker may be down at that moment).
 */
final class ChaosServices implements AutoCloseable {

    private static final int START_ATTEMPTS = 6;

    private final Map<Service, Integer> ports;
    private final Function<Service, List<String>> arguments;
    private final List<String> jvmOptions;
    private final Path logs;
    private final Map<Service, ServiceJvm> running = new LinkedHashMap<>();
    private final Map<Service, ReentrantLock> locks = new LinkedHashMap<>();
    private final AtomicInteger kills = new AtomicInteger();
    private final AtomicInteger starts = new AtomicInteger();

    ChaosServices(Map<Service, Integer> ports, Function<Service, List<String>> arguments, List<String> jvmOptions,
                  Path logs) {
        this.ports = Map.copyOf(ports);
        this.arguments = arguments;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logs = logs;
        Service.all().forEach(s -> locks.put(s, new ReentrantLock()));
    }

    /** Starts every service and waits until each is ready. */
    void startAll() throws InterruptedException {
        for (Service service : Service.all()) {
            start(service);
        }
    }

    /**
     * Kills {@code service} with SIGKILL, waits {@code down} and starts it again; a service that is being restarted
     * already is killed once it is back. Returns when it is ready again.
     */
    void killAndRestart(Service service, Duration down) throws InterruptedException {
        ReentrantLock lock = locks.get(service);
        lock.lockInterruptibly();
        try {
            ServiceJvm jvm;
            synchronized (running) {
                jvm = running.remove(service);
            }
            if (jvm != null) {
                jvm.kill();
                kills.incrementAndGet();
                System.err.println("chaos: killed " + jvm + " with SIGKILL");
            }
            Thread.sleep(down.toMillis());
            start(service);
        } finally {
            lock.unlock();
        }
    }

    int kills() {
        return kills.get();
    }

    /** Starts of service JVMs, first starts and failed attempts included. */
    int starts() {
        return starts.get();
    }

    List<ServiceJvm> running() {
        synchronized (running) {
            return new ArrayList<>(running.values());
        }
    }

    private void start(Service service) throws InterruptedException {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int n = starts.incrementAndGet();
            try {
                ServiceJvm jvm = ServiceJvm.start(service, ports.get(service), jvmOptions, arguments.apply(service),
                        logs.resolve(String.format("%03d-%s", n, service.name())), Duration.ofMinutes(3));
                synchronized (running) {
                    running.put(service, jvm);
                }
                System.err.println("chaos: " + jvm + " ready");
                return;
            } catch (IllegalStateException e) {
                last = e;
                System.err.println("chaos: " + service.name() + " did not start (attempt " + attempt + "), retrying: "
                        + lastLine(e.getMessage()));
                Thread.sleep(Math.min(16_000, 1_000L << attempt));
            }
        }
        throw new IllegalStateException(service.name() + " did not start after " + START_ATTEMPTS + " attempts", last);
    }

    /** The last line of a start-up failure: the process's own last words. */
    private static String lastLine(String message) {
        if (message == null) {
            return "";
        }
        String[] lines = message.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Override
    public void close() {
        for (ServiceJvm jvm : running()) {
            jvm.close();
        }
    }
}
