package io.shiplog.local.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shiplog.local.net.LoopbackHttpServers;
import io.shiplog.local.support.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Git's smart HTTP protocol on loopback: a JDK {@link HttpServer} that demands HTTP Basic credentials on every
 * request and hands authenticated ones to {@code git http-backend}. Fetch and push both need the credentials;
 * receive-pack is enabled because the backend sees {@code REMOTE_USER}.
 */
final class SmartHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmartHttpServer.class);
    private static final int REQUEST_THREADS = 8;
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final ExecutorService bodyPumps;
    private final ScheduledExecutorService watchdog;
    private final HttpBackendCgi cgi;

    private SmartHttpServer(HttpServer server, ExecutorService requestThreads, ExecutorService bodyPumps,
                            ScheduledExecutorService watchdog, HttpBackendCgi cgi) {
        this.server = server;
        this.cgi = cgi;
        this.requestThreads = requestThreads;
        this.bodyPumps = bodyPumps;
        this.watchdog = watchdog;
    }

    /**
     * Binds {@code port} (0 for a free one) on 127.0.0.1 and starts serving the bare repositories under
     * {@code projectRoot}.
     */
    static SmartHttpServer start(Path httpBackend, Path projectRoot, Path home, Path stderrLog, BasicAuth auth,
                                 int port) {
        HttpServer server;
        try {
            server = LoopbackHttpServers.create(port, 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the git smart HTTP server on 127.0.0.1:" + port
                    + (port == 0 ? "" : " (is the port in use?)") + ": " + e.getMessage(), e);
        }
        ExecutorService requestThreads = Executors.newFixedThreadPool(REQUEST_THREADS, daemonThreads("git-http"));
        ExecutorService bodyPumps = Executors.newCachedThreadPool(daemonThreads("git-http-body"));
        ScheduledExecutorService watchdog =
                Executors.newSingleThreadScheduledExecutor(daemonThreads("git-http-watchdog"));
        HttpBackendCgi cgi = new HttpBackendCgi(httpBackend, projectRoot, home, stderrLog, REQUEST_TIMEOUT,
                bodyPumps, watchdog);
        server.createContext("/", exchange -> handle(exchange, auth, cgi));
        server.setExecutor(requestThreads);
        server.start();
        return new SmartHttpServer(server, requestThreads, bodyPumps, watchdog, cgi);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, BasicAuth auth, HttpBackendCgi cgi) throws IOException {
        Optional<String> user = auth.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        if (user.isEmpty()) {
            refuse(exchange);
            return;
        }
        try {
            cgi.serve(exchange, user.get());
        } catch (IOException | RuntimeException e) {
            LOG.warn("git smart HTTP request {} {} failed: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), e.toString());
            try {
                exchange.sendResponseHeaders(500, -1);
            } catch (IOException headersAlreadySent) {
                // the client sees a cut-short response instead
            }
            exchange.close();
        }
    }

    private static void refuse(HttpExchange exchange) throws IOException {
        boolean presented = exchange.getRequestHeaders().containsKey("Authorization");
        LOG.debug("{} {} refused with 401: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                presented ? "wrong credentials" : "no credentials");
        try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        byte[] message = "authentication required\n".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("WWW-Authenticate", BasicAuth.challenge());
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(401, message.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(message);
        }
    }

    /** Stops listening, kills the backends of requests still running (grace {@link ChildProcess#STOP_GRACE}). */
    @Override
    public void close() {
        server.stop(0);
        cgi.stopAll(ChildProcess.STOP_GRACE);
        requestThreads.shutdownNow();
        bodyPumps.shutdownNow();
        watchdog.shutdownNow();
        try {
            requestThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
