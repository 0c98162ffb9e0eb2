package io.shiplog.local.schemaregistry;

import com.sun.net.httpserver.HttpServer;
import io.shiplog.local.net.LoopbackHttpServers;
import io.shiplog.local.support.StartupLog;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Confluent-compatible Schema Registry (Avro only) served by the JDK HTTP server on 127.0.0.1, keeping its state
 * in a compacted single-partition Kafka topic ({@code _schemas} by default). Ids survive restarts, and any number
 * of instances on the same topic agree without a leader. Start one with {@link #builder(String)}.
 */
public final class EmbeddedSchemaRegistry implements SchemaRegistry {

    /** Topic used unless the builder names another. */
    public static final String DEFAULT_TOPIC = "_schemas";

    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final SchemaLog log;
    private final String url;
    private final String bootstrapServers;
    private volatile boolean closed;

    private EmbeddedSchemaRegistry(HttpServer server, ExecutorService executor, SchemaLog log,
            String bootstrapServers) {
        this.server = server;
        this.executor = executor;
        this.log = log;
        this.url = "http://127.0.0.1:" + server.getAddress().getPort();
        this.bootstrapServers = bootstrapServers;
    }

    /** A builder for a registry on the Kafka cluster at {@code bootstrapServers}. */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    @Override
    public String url() {
        return url;
    }

    /** The Kafka topic holding this registry's state. */
    public String topic() {
        return log.topic();
    }

    /** The Kafka cluster holding this registry's state. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        log.close();
    }

    @Override
    public String toString() {
        return "embedded schema registry at " + url + " on topic " + log.topic() + " of " + bootstrapServers;
    }

    /** Options of an {@link EmbeddedSchemaRegistry}; every one but the bootstrap servers has a default. */
    public static final class Builder {

        private final String bootstrapServers;
        private int port;
        private String topic = DEFAULT_TOPIC;
        private BasicAuth auth;
        private Map<String, Object> kafkaProperties = Map.of();
        private Duration timeout = Duration.ofSeconds(15);
        private int threads = 8;

        private Builder(String bootstrapServers) {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("schema registry needs Kafka bootstrap servers, got '"
                        + bootstrapServers + "'");
            }
            this.bootstrapServers = bootstrapServers;
        }

        /** Loopback port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("schema registry port " + port + " is not in 0..65535");
            }
            this.port = port;
            return this;
        }

        /** Kafka topic for the registry's state (default {@value #DEFAULT_TOPIC}). */
        public Builder topic(String topic) {
            this.topic = SchemasTopic.validName(topic);
            return this;
        }

        /** Requires HTTP basic auth with exactly this user and password; others get 401. */
        public Builder basicAuth(String user, String password) {
            this.auth = new BasicAuth(user, password);
            return this;
        }

        /** Further Kafka client properties of the registry's own clients (e.g. SASL for a secured broker). */
        public Builder kafkaProperties(Map<String, ?> properties) {
            this.kafkaProperties = Map.copyOf(properties);
            return this;
        }

        /** Upper bound of every Kafka call and of waits for the log to catch up (default 15 s). */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("schema registry timeout must be positive and below 12 days, got "
                        + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Number of HTTP worker threads (default 8). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("schema registry needs at least 1 HTTP thread, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Creates or checks the topic, reads it to the end, then starts serving; prints the start-up time once
         * through {@link StartupLog}.
         */
        public EmbeddedSchemaRegistry start() {
            long started = System.nanoTime();
            enableTcpNoDelay();
            SchemaLog log = SchemaLog.open(bootstrapServers, kafkaProperties, topic, timeout);
            HttpServer server;
            try {
                server = LoopbackHttpServers.create(port, 64);
            } catch (IOException e) {
                log.close();
                throw new IllegalStateException("schema registry cannot listen on 127.0.0.1:" + port + ": " + e, e);
            }
            ExecutorService executor = Executors.newFixedThreadPool(threads, daemonThreads());
            ReentrantLock writes = new ReentrantLock(true);
            Registry registry = new Registry(log, writes);
            HttpRouter router = new HttpRouter(auth);
            new SubjectsApi(registry, new Deletions(log, writes)).addTo(router);
            new SchemasApi(registry).addTo(router);
            new ConfigApi(new CompatibilityConfig(log), registry).addTo(router);
            server.createContext("/", router);
            server.setExecutor(executor);
            server.start();
            EmbeddedSchemaRegistry registryServer = new EmbeddedSchemaRegistry(server, executor, log,
                    bootstrapServers);
            StartupLog.started("schema-registry", Duration.ofNanos(System.nanoTime() - started),
                    registryServer + (auth == null ? "" : " with basic auth for user " + auth.user()));
            return registryServer;
        }

        /**
         * Without TCP_NODELAY the JDK server sends headers and body in two small packets, and Nagle's algorithm
         * plus the client's delayed ACK add about 40 ms to every response. The JDK reads this property once, when
         * its first server starts; an explicit setting is left alone.
         */
        private static void enableTcpNoDelay() {
            if (System.getProperty(NODELAY_PROPERTY) == null) {
                System.setProperty(NODELAY_PROPERTY, "true");
            }
        }

        private static java.util.concurrent.ThreadFactory daemonThreads() {
            AtomicInteger count = new AtomicInteger();
            return runnable -> {
                Thread thread = new Thread(runnable, "schema-registry-http-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }

        @Override
        public String toString() {
            return "EmbeddedSchemaRegistry.Builder[bootstrapServers=" + bootstrapServers + ", port=" + port
                    + ", topic=" + topic + ", auth=" + Objects.toString(auth, "none") + "]";
        }
    }
}
