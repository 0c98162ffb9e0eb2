package io.shiplog.local.kube;

import io.shiplog.local.support.ChildProcess;
import io.shiplog.local.support.DataDirLock;
import io.shiplog.local.support.Ports;
import io.shiplog.local.support.ShutdownHooks;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One etcd on loopback, shared by the API servers that lease it; it stops when the last lease is released (or
 * at JVM exit). Its data lives in a temp directory removed when it stops, or in {@code <dataDir>/etcd}, kept, while
 * it holds the data directory's {@link DataDirLock}.
 */
final class Etcd {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ChildProcess process;
    private final Path dir;
    private final DataDirLock lock;
    private final URI clientUrl;
    private final Thread shutdownHook;
    private int leases = 1;

    private Etcd(ChildProcess process, Path dir, DataDirLock lock, URI clientUrl) {
        this.process = process;
        this.dir = dir;
        this.lock = lock;
        this.clientUrl = clientUrl;
        this.shutdownHook = new Thread(this::stop, "stop-etcd");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts etcd on a temp directory, with one lease held by the caller. */
    static Etcd start(EnvtestBinaries binaries) {
        return start(binaries, null);
    }

    /**
     * Starts etcd with one lease held by the caller: on a temp directory when {@code dataDir} is null, else on
     * {@code <dataDir>/etcd} (kept), locking {@code dataDir} until it stops.
     */
    static Etcd start(EnvtestBinaries binaries, Path dataDir) {
        long started = System.nanoTime();
        DataDirLock lock = dataDir == null ? null : DataDirLock.acquire(dataDir, "kube-apiserver + etcd");
        Path dir = dataDir == null ? TempDirs.create("etcd") : dataDir;
        Path data = dataDir == null ? dir.resolve("data") : dataDir.resolve(KubeOptions.ETCD_DIR);
        URI url = URI.create("http://127.0.0.1:" + Ports.freePort());
        ChildProcess process = null;
        try {
            process = ChildProcess.start("etcd", List.of(
                    binaries.etcd().toString(),
                    "--name", "shiplog-testkit",
                    "--data-dir", data.toString(),
                    "--listen-client-urls", url.toString(),
                    "--advertise-client-urls", url.toString(),
                    "--listen-peer-urls", "http://localhost:0",
                    "--unsafe-no-fsync"), dir, Map.of(), dir.resolve("etcd.log"));
            process.awaitReady(() -> healthy(url), READY_TIMEOUT);
        } catch (RuntimeException e) {
            if (process != null) {
                process.close();
            }
            closeOrDelete(lock, dir);
            throw e;
        }
        StartupLog.started("etcd", Duration.ofNanos(System.nanoTime() - started),
                url + (lock == null ? "" : ", data in " + data + " (kept)"));
        return new Etcd(process, dir, lock, url);
    }

    URI clientUrl() {
        return clientUrl;
    }

    boolean isRunning() {
        return process.isAlive();
    }

    /** Takes a lease for one more API server; fails when etcd has already stopped. */
    synchronized void lease() {
        if (leases == 0) {
            throw new IllegalStateException("etcd at " + clientUrl + " has already stopped");
        }
        leases++;
    }

    /** Gives a lease back; the last one stops etcd and removes its data. */
    synchronized void release() {
        if (leases == 0) {
            return;
        }
        leases--;
        if (leases == 0) {
            stop();
            ShutdownHooks.remove(shutdownHook);
        }
    }

    private synchronized void stop() {
        process.close();
        closeOrDelete(lock, dir);
    }

    /** Releases the data directory's lock, or deletes the temp directory. */
    private static void closeOrDelete(DataDirLock lock, Path dir) {
        if (lock != null) {
            lock.close();
        } else {
            TempDirs.deleteQuietly(dir);
        }
    }

    private static boolean healthy(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url.resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"health\":\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
