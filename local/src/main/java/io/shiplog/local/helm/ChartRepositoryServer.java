package io.shiplog.local.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shiplog.local.net.LoopbackHttpServers;
import io.shiplog.local.support.TempDirs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A classic Helm chart repository on loopback (JDK HttpServer): {@code index.yaml} and chart archives served from a
 * scratch directory, charts added with {@link #publish} (the real {@code helm package} and {@code helm repo index}).
 * It records the paths requested, so tests can see what was fetched. {@link #close()} stops it and deletes the files.
 */
public final class ChartRepositoryServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path directory;
    private final HelmCli helm;
    private final List<String> requests = new ArrayList<>();

    private ChartRepositoryServer(HttpServer server, ExecutorService executor, Path directory, HelmCli helm) {
        this.server = server;
        this.executor = executor;
        this.directory = directory;
        this.helm = helm;
    }

    /** Starts an empty repository (its index lists no chart until one is published). */
    public static ChartRepositoryServer start() {
        HelmCli helm = HelmCli.find();
        HttpServer server;
        try {
            server = LoopbackHttpServers.create(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a chart repository on loopback", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "chart-repository-" + server.getAddress().getPort());
            thread.setDaemon(true);
            return thread;
        });
        Path directory = TempDirs.create("chart-repository");
        ChartRepositoryServer repository = new ChartRepositoryServer(server, executor, directory, helm);
        server.createContext("/", repository::handle);
        server.setExecutor(executor);
        server.start();
        helm.index(directory, repository.url());
        return repository;
    }

    /** {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Packages the chart directory {@code chart} as {@code version} and lists it in the index. */
    public synchronized void publish(Path chart, String version) {
        helm.packageChart(chart, version, directory);
        helm.index(directory, url());
    }

    /** The paths requested so far, oldest first. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        synchronized (this) {
            requests.add(path);
        }
        Path file = directory.resolve(path.replaceFirst("^/+", "")).normalize();
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) || !file.startsWith(directory)
                    || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", path.endsWith(".yaml") ? "application/x-yaml"
                    : "application/gzip");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        TempDirs.deleteQuietly(directory);
    }

    @Override
    public String toString() {
        return "ChartRepositoryServer[" + url() + "]";
    }
}
