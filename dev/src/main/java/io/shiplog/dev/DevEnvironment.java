package io.shiplog.dev;

import io.shiplog.applier.ClusterApplierApplication;
import io.shiplog.auditor.DriftAuditorApplication;
import io.shiplog.gitwriter.GitWriterApplication;
import io.shiplog.scanner.RegistryScannerApplication;
import io.shiplog.schemas.topic.TopicProvisioner;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.local.support.Ports;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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
    private final DevAuditStore audit;

    private DevEnvironment(KafkaBroker kafka, SchemaRegistry registry, Map<String, URI> serviceUrls,
                           List<ConfigurableApplicationContext> contexts, DevAuditStore audit) {
        this.kafka = kafka;
        this.registry = registry;
        this.serviceUrls = serviceUrls;
        this.contexts = contexts;
        this.audit = audit;
    }

    /** Starts the broker, the registry, the topics and (when asked) the services; stops what started on failure. */
    public static DevEnvironment start(DevOptions options) {
        KafkaBroker kafka = KafkaBroker.startEmbedded(new KafkaBroker.EmbeddedOptions(options.kafkaPort(),
                options.kafkaPort() == 0 ? 0 : options.kafkaPort() + 1, options.dataDir()));
        SchemaRegistry registry = null;
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        DevAuditStore audit = null;
        try {
            registry = SchemaRegistry.start(kafka.bootstrapServers(), options.registryPort());
            provisionTopics(kafka);
            Map<String, URI> urls = new LinkedHashMap<>();
            if (options.services()) {
                int next = options.servicePort();
                audit = DevAuditStore.prepare(options);
                for (var service : SERVICES.entrySet()) {
                    int port = next == 0 ? Ports.freePort() : next++;
                    List<String> args = new ArrayList<>(List.of(serviceArguments(port, kafka, registry)));
                    if (service.getKey().equals(DriftAuditorApplication.SERVICE)) {
                        args.addAll(audit.arguments());
                    }
                    contexts.add(service.getValue().get().run(args.toArray(String[]::new)));
                    urls.put(service.getKey(), URI.create("http://127.0.0.1:" + port));
                }
            }
            return new DevEnvironment(kafka, registry, Collections.unmodifiableMap(urls), contexts, audit);
        } catch (RuntimeException e) {
            contexts.forEach(ConfigurableApplicationContext::close);
            if (registry != null) {
                registry.close();
            }
            kafka.close();
            if (audit != null) {
                audit.close();
            }
            throw e;
        }
    }

    private static void provisionTopics(KafkaBroker kafka) {
        TopicProvisioner.provisionCatalogue(kafka.bootstrapServers());
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

    /** The file holding the audit API's token (empty without services); the token itself is never printed. */
    public Optional<java.nio.file.Path> auditTokenFile() {
        return Optional.ofNullable(audit).map(DevAuditStore::tokenFile);
    }

    /** The audit API's token, for tests in this package. */
    String auditToken() {
        return audit == null ? null : audit.token();
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
        if (audit != null) {
            audit.close();
        }
    }
}
