package io.shiplog.cli.dev;

import io.shiplog.applier.ClusterApplierApplication;
import io.shiplog.auditor.DriftAuditorApplication;
import io.shiplog.gitwriter.GitWriterApplication;
import io.shiplog.scanner.RegistryScannerApplication;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import io.shiplog.testkit.kafka.KafkaBroker;
import io.shiplog.testkit.schemaregistry.SchemaRegistry;
import io.shiplog.testkit.support.Ports;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Everything Shiplog needs, on this machine: a real KRaft broker, the schema registry on it, the release-log topics
 * and the four services, each a Spring Boot application in this JVM with its own port.
 */
public final class DevEnvironment implements AutoCloseable {

    private static final Map<String, Supplier<SpringApplication>> SERVICES = orderedServices();

    private final KafkaBroker kafka;
    private final SchemaRegistry registry;
    private final Map<String, URI> serviceUrls;
    private final List<ConfigurableApplicationContext> contexts;

    private DevEnvironment(KafkaBroker kafka, SchemaRegistry registry, Map<String, URI> serviceUrls,
                           List<ConfigurableApplicationContext> contexts) {
        this.kafka = kafka;
        this.registry = registry;
        this.serviceUrls = serviceUrls;
        this.contexts = contexts;
    }

    /** Starts the broker, the registry, the topics and (when asked) the services; stops what started on failure. */
    public static DevEnvironment start(DevOptions options) {
        KafkaBroker kafka = KafkaBroker.startEmbedded(new KafkaBroker.EmbeddedOptions(options.kafkaPort(),
                options.kafkaPort() == 0 ? 0 : options.kafkaPort() + 1, options.dataDir()));
        SchemaRegistry registry = null;
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        try {
            registry = SchemaRegistry.start(kafka.bootstrapServers(), options.registryPort());
            provisionTopics(kafka);
            Map<String, URI> urls = new LinkedHashMap<>();
            if (options.services()) {
                int next = options.servicePort();
                List<String> audit = auditArguments(options);
                for (var service : SERVICES.entrySet()) {
                    int port = next == 0 ? Ports.freePort() : next++;
                    List<String> args = new ArrayList<>(List.of(serviceArguments(port, kafka, registry)));
                    if (service.getKey().equals(DriftAuditorApplication.SERVICE)) {
                        args.addAll(audit);
                    }
                    contexts.add(service.getValue().get().run(args.toArray(String[]::new)));
                    urls.put(service.getKey(), URI.create("http://127.0.0.1:" + port));
                }
            }
            return new DevEnvironment(kafka, registry, Collections.unmodifiableMap(urls), contexts);
        } catch (RuntimeException e) {
            contexts.forEach(ConfigurableApplicationContext::close);
            if (registry != null) {
                registry.close();
            }
            kafka.close();
            throw e;
        }
    }

    private static void provisionTopics(KafkaBroker kafka) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).provision(TopicCatalogue.all());
        }
    }

    private static String[] serviceArguments(int port, KafkaBroker kafka, SchemaRegistry registry) {
        return new String[] {
            "--server.port=" + port,
            "--server.address=127.0.0.1",
            "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
            "--spring.kafka.properties.schema.registry.url=" + registry.url(),
            "--logging.level.org.apache.kafka=WARN",
            "--spring.main.banner-mode=off",
            "--logging.include-application-name=false"
        };
    }

    /**
     * The audit store next to the release log, and a random API token written to {@code audit-token} there (owner
     * only), never printed: {@code SHIPLOG_AUDIT_TOKEN=$(cat shiplog-dev/audit-token) shiplog audit ...}.
     */
    private static List<String> auditArguments(DevOptions options) {
        try {
            java.nio.file.Path dir = options.dataDir().isPresent() ? options.dataDir().get()
                    : java.nio.file.Files.createTempDirectory("shiplog-dev-audit");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Path tokenFile = dir.resolve("audit-token");
            if (!java.nio.file.Files.exists(tokenFile)) {
                java.nio.file.Files.writeString(tokenFile, java.util.UUID.randomUUID().toString());
                try {
                    java.nio.file.Files.setPosixFilePermissions(tokenFile,
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the file keeps its default permissions
                }
            }
            String token = java.nio.file.Files.readString(tokenFile).strip();
            return List.of("--shiplog.audit.api.token=" + token,
                    "--shiplog.audit.store.url=jdbc:h2:file:" + dir.resolve("audit").resolve("audit").toAbsolutePath());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot prepare the audit store directory", e);
        }
    }

    private static Map<String, Supplier<SpringApplication>> orderedServices() {
        Map<String, Supplier<SpringApplication>> services = new LinkedHashMap<>();
        services.put(RegistryScannerApplication.SERVICE, RegistryScannerApplication::application);
        services.put(GitWriterApplication.SERVICE, GitWriterApplication::application);
        services.put(ClusterApplierApplication.SERVICE, ClusterApplierApplication::application);
        services.put(DriftAuditorApplication.SERVICE, DriftAuditorApplication::application);
        return Collections.unmodifiableMap(services);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    /** Base URL of each running service, by service name, in start order. */
    public Map<String, URI> serviceUrls() {
        return serviceUrls;
    }

    @Override
    public void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
        registry.close();
        kafka.close();
    }
}
