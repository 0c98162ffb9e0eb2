package io.shiplog.local.oci;

import io.shiplog.local.support.ChildProcess;
import io.shiplog.local.support.DataDirLock;
import io.shiplog.local.support.Ports;
import io.shiplog.local.support.ShutdownHooks;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A real container registry (Debian's {@code docker-registry}, distribution 2.8) on loopback with filesystem
 * storage, deletes enabled, htpasswd auth (unless turned off; or token auth with its own {@link TokenServer}) and
 * notifications sent to the handle's own receiver and any further endpoints. {@link #pusher()} pushes real images to it.
 *
 * <p>Storage is a scratch directory removed on close, or with {@link RegistryOptions#withStorage} a directory that
 * is kept, so that a later registry on it serves the same images (one registry at a time, see
 * {@link DataDirLock}). The port is a free one unless {@link RegistryOptions#withPort} fixes it. The configuration
 * (password hash, notification headers) is always written to a private scratch directory removed on close.
 *
 * <p>The password never appears in {@link #toString()} or in any message. Notification header values, such as an
 * endpoint's {@code Authorization: Bearer …}, are sent with every notification but never logged: the registry runs
 * at log level {@code warn} (at {@code info} it would print them) and its delivery errors name only the URL, so keep
 * secrets in headers, not in endpoint URLs. {@link #close()}, and a shutdown hook at JVM exit, stop the process.
 */
public final class ContainerRegistry implements AutoCloseable {

    /** System property naming the {@code docker-registry} binary; otherwise it is looked up on the PATH. */
    public static final String BINARY_PROPERTY = "shiplog.docker-registry";

    private static final String COMPONENT = "docker-registry";
    private static final int BIND_ATTEMPTS = 3;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    private final RegistryOptions options;
    private final Path dir;
    private final Path storage;
    private final DataDirLock lock;
    private final Thread shutdownHook;
    private final int port;
    private final ChildProcess process;
    private final NotificationReceiver receiver;
    private final TokenServer tokenServer;
    private final ImagePusher pusher;
    private boolean closed;

    private ContainerRegistry(RegistryOptions options, Path dir, Path storage, DataDirLock lock, int port,
                              ChildProcess process, NotificationReceiver receiver, TokenServer tokenServer) {
        this.options = options;
        this.dir = dir;
        this.storage = storage;
        this.lock = lock;
        this.port = port;
        this.process = process;
        this.receiver = receiver;
        this.tokenServer = tokenServer;
        this.pusher = new ImagePusher(new RegistryClient(url(), options.auth() ? options.username() : null,
                options.password(), HTTP_TIMEOUT));
        this.shutdownHook = new Thread(this::stop, "stop-" + COMPONENT + "-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a registry with {@link RegistryOptions#defaults()}. */
    public static ContainerRegistry start() {
        return start(RegistryOptions.defaults());
    }

    /** Starts a registry and waits until {@code GET /v2/} answers (401 with auth on, 200 without). */
    public static ContainerRegistry start(RegistryOptions options) {
        String binary = binary();
        long started = System.nanoTime();
        boolean keep = options.storage() != null;
        DataDirLock lock = keep ? DataDirLock.acquire(options.storage(), COMPONENT) : null;
        Path dir = null;
        NotificationReceiver receiver = null;
        TokenServer tokenServer = null;
        try {
            if (options.port() != 0 && !Ports.isFree(options.port())) {
                throw new IllegalStateException(COMPONENT + " cannot listen on 127.0.0.1:" + options.port()
                        + ": the port is in use");
            }
            dir = TempDirs.create(COMPONENT);
            Path storage = keep ? options.storage() : dir.resolve("data");
            receiver = options.ownReceiver() ? NotificationReceiver.start() : null;
            List<NotificationEndpoint> endpoints = new ArrayList<>();
            if (receiver != null) {
                endpoints.add(new NotificationEndpoint(receiver.url(), options.receiverHeaders()));
            }
            endpoints.addAll(options.endpoints());
            Path htpasswd = options.auth() && options.tokenAuth() == null
                    ? RegistryConfigFile.writeHtpasswd(dir, options.username(), options.password()) : null;
            if (options.tokenAuth() != null) {
                tokenServer = TokenServer.start(dir, options.username(), options.password(),
                        options.tokenAuth().publicRepositories(), options.tokenAuth().lifetime());
            }
            HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            for (int attempt = 1; ; attempt++) {
                int port = options.port() == 0 ? Ports.freePort() : options.port();
                Path config = RegistryConfigFile.write(dir, storage, port, htpasswd, tokenServer, endpoints);
                long spawned = System.nanoTime();
                ChildProcess process = ChildProcess.start(COMPONENT, List.of(binary, "serve", config.toString()),
                        dir, Map.of(), dir.resolve("registry-" + attempt + ".log"));
                try {
                    process.awaitReady(() -> answers(probe, port), options.startTimeout());
                } catch (IllegalStateException e) {
                    process.close();
                    boolean inUse = process.logTail().contains("address already in use");
                    if (inUse && options.port() == 0 && attempt < BIND_ATTEMPTS) {
                        continue;
                    }
                    if (inUse) {
                        throw new IllegalStateException(COMPONENT + " cannot listen on 127.0.0.1:" + port
                                + ": the port is in use", e);
                    }
                    throw e;
                }
                long processMillis = (System.nanoTime() - spawned) / 1_000_000;
                ContainerRegistry registry = new ContainerRegistry(options, dir, storage, lock, port, process,
                        receiver, tokenServer);
                StartupLog.started(COMPONENT, Duration.ofNanos(System.nanoTime() - started),
                        registry.describe() + "; the process itself answered after " + processMillis + " ms");
                return registry;
            }
        } catch (RuntimeException e) {
            if (receiver != null) {
                receiver.close();
            }
            if (tokenServer != null) {
                tokenServer.close();
            }
            TempDirs.deleteQuietly(dir);
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
    }

    /** The registry shared by everything in this JVM (default options), started on first use. */
    public static ContainerRegistry shared() {
        return SharedContainerRegistry.REGISTRY.get();
    }

    /** {@code 127.0.0.1:port}, as used in image references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /**
     * The registry's filesystem storage ({@code rootdirectory} of its config), for {@link StorageSeeder}: the
     * directory of {@link RegistryOptions#storage()} when given.
     */
    public Path storageRoot() {
        return storage;
    }

    /** {@code http://127.0.0.1:port}. */
    public URI url() {
        return URI.create("http://" + host());
    }

    public boolean authEnabled() {
        return options.auth();
    }

    public String username() {
        requireAuth();
        return options.username();
    }

    public String password() {
        requireAuth();
        return options.password();
    }

    /** Pushes images to this registry with its credentials. */
    public ImagePusher pusher() {
        return pusher;
    }

    /** The token server of a registry started {@link RegistryOptions#withTokenAuth with token auth}. */
    public TokenServer tokenServer() {
        if (tokenServer == null) {
            throw new IllegalStateException("registry " + host() + " was started without token auth");
        }
        return tokenServer;
    }

    /** Where the handle's own receiver listens, empty when it was turned off. */
    public Optional<URI> notificationUrl() {
        return Optional.ofNullable(receiver).map(NotificationReceiver::url);
    }

    /** Every notification event the own receiver got so far, oldest first. */
    public List<RegistryEvent> received() {
        return receiver == null ? List.of() : receiver.received();
    }

    /**
     * The oldest received event matching {@code predicate}, waiting up to {@code timeout}; fails with a summary of
     * what did arrive. See {@link RegistryEvent#pushOf(String, String)}.
     */
    public RegistryEvent awaitNotification(Predicate<RegistryEvent> predicate, Duration timeout) {
        if (receiver == null) {
            throw new IllegalStateException("registry " + host() + " was started without its own notification "
                    + "receiver (RegistryOptions.notifyOnly)");
        }
        return receiver.await(predicate, timeout);
    }

    /** The registry's own log (level warn). */
    public Path logFile() {
        return process.logFile();
    }

    /** Stops the registry and the receiver; deletes the storage unless it was given in the options. */
    @Override
    public void close() {
        stop();
        ShutdownHooks.remove(shutdownHook);
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        process.close();
        if (receiver != null) {
            receiver.close();
        }
        if (tokenServer != null) {
            tokenServer.close();
        }
        TempDirs.deleteQuietly(dir);
        if (lock != null) {
            lock.close();
        }
    }

    @Override
    public String toString() {
        return "ContainerRegistry[" + describe() + "]";
    }

    private String describe() {
        int endpoints = options.endpoints().size() + (receiver == null ? 0 : 1);
        return url() + (tokenServer != null ? ", token auth for user " + options.username() + " at "
                + tokenServer.realm() : options.auth() ? ", htpasswd user " + options.username() : ", no auth")
                + ", notifications to " + endpoints + " endpoint(s), storage " + storage
                + (lock != null ? " (kept)" : "");
    }

    private void requireAuth() {
        if (!options.auth()) {
            throw new IllegalStateException("registry " + host() + " runs without auth: it has no credentials");
        }
    }

    private static boolean answers(HttpClient http, int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                .timeout(Duration.ofSeconds(1)).GET().build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return (response.statusCode() == 200 || response.statusCode() == 401)
                    && response.headers().firstValue("Docker-Distribution-Api-Version").isPresent();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String binary() {
        String configured = System.getProperty(BINARY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                throw new IllegalStateException("-D" + BINARY_PROPERTY + "=" + configured + " is not an executable");
            }
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, COMPONENT))) {
                return Path.of(dir, COMPONENT).toString();
            }
        }
        throw new IllegalStateException(COMPONENT + " is not on the PATH: install Debian's docker-registry and "
                + "apache2-utils packages, or set -D" + BINARY_PROPERTY + "=/path/to/registry");
    }
}
