package io.shiplog.local.kafka;

import io.shiplog.local.support.Ports;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft broker (broker and controller roles) running inside this JVM on loopback. Stopping it and
 * starting it again reuses the data directory and ports; only {@link #close()} removes a temporary directory.
 */
final class EmbeddedKafkaBroker implements RestartableKafkaBroker {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Properties props;
    private final Map<String, Object> adminProperties;
    private final Path dataDir;
    private final boolean keepData;
    private final String bootstrapServers;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(Properties props, Map<String, Object> adminProperties, Path dataDir, boolean keepData,
                                String bootstrapServers) {
        this.props = props;
        this.adminProperties = adminProperties;
        this.dataDir = dataDir;
        this.keepData = keepData;
        this.bootstrapServers = bootstrapServers;
    }

    static EmbeddedKafkaBroker startEphemeral() {
        return start(KafkaBroker.EmbeddedOptions.ephemeral());
    }

    static EmbeddedKafkaBroker start(KafkaBroker.EmbeddedOptions options) {
        long started = System.nanoTime();
        boolean keepData = options.dataDir().isPresent();
        Path dataDir = options.dataDir().orElseGet(() -> TempDirs.create("kafka"));
        int port = options.port() > 0 ? options.port() : Ports.freePort();
        int controllerPort = options.controllerPort() > 0 ? options.controllerPort() : Ports.freePort();
        Properties props = brokerProperties(dataDir, port, controllerPort);
        options.scram().ifPresent(scram -> props.putAll(BrokerSecurity.scramProperties(scram, port, controllerPort)));
        String bootstrap = "127.0.0.1:" + port;
        Map<String, Object> admin = new HashMap<>();
        options.scram().ifPresent(scram -> admin.putAll(scram.adminClientProperties()));
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(props, admin, dataDir, keepData, bootstrap);
        try {
            if (!Files.exists(dataDir.resolve("meta.properties"))) {
                Files.createDirectories(dataDir);
                format(dataDir, props, options.scram().map(BrokerSecurity::scramArguments).orElse(List.of()));
            }
            broker.startServer();
            StartupLog.started("kafka", Duration.ofNanos(System.nanoTime() - started),
                    "embedded KRaft broker at " + bootstrap + (options.scram().isPresent() ? " (SASL/SCRAM)" : ""));
            return broker;
        } catch (Exception e) {
            broker.stopQuietly(e);
            if (!keepData) {
                TempDirs.deleteQuietly(dataDir);
            }
            throw new IllegalStateException("embedded Kafka broker failed to start in " + dataDir + ": " + e, e);
        }
    }

    private static Properties brokerProperties(Path dataDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
                Map.entry("log.dirs", dataDir.toString()),
                Map.entry("metadata.log.dir", dataDir.toString()),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.cleaner.backoff.ms", "1000"),
                Map.entry("log.flush.interval.messages", Long.toString(Long.MAX_VALUE)),
                Map.entry("unclean.leader.election.enable", "false")));
        return p;
    }

    private static void format(Path dataDir, Properties props, List<String> scramArguments) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(Integer.parseInt(props.getProperty("node.id")))
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(dataDir.toString())
                .setDirectories(List.of(dataDir.toString()))
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setScramArguments(scramArguments)
                .run();
    }

    private void startServer() throws InterruptedException {
        KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server = starting;
        starting.startup();
        awaitReady();
    }

    private void awaitReady() throws InterruptedException {
        Properties adminProps = new Properties();
        adminProps.putAll(adminProperties);
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(adminProps)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("broker at " + bootstrapServers + " not ready after "
                                + READY_TIMEOUT.toSeconds() + " s", notYet);
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer running = server;
        server = null;
        running.shutdown();
        running.awaitShutdown();
    }

    /** Stops a half-started server after {@code failure}; a failure to stop is added to it. */
    private void stopQuietly(Exception failure) {
        try {
            stop();
        } catch (RuntimeException stopping) {
            failure.addSuppressed(stopping);
        }
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        try {
            startServer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(e);
            throw new IllegalStateException("interrupted while restarting " + this, e);
        } catch (RuntimeException e) {
            stopQuietly(e);
            throw new IllegalStateException(this + " failed to start again in " + dataDir + ": " + e, e);
        }
        StartupLog.started("kafka", Duration.ofNanos(System.nanoTime() - started),
                "embedded KRaft broker restarted at " + bootstrapServers);
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (!keepData) {
            TempDirs.deleteQuietly(dataDir);
        }
    }

    @Override
    public String toString() {
        return "embedded Kafka broker at " + bootstrapServers;
    }
}
