package io.shiplog.dev;

import io.shiplog.dev.data.DataDir;
import io.shiplog.dev.demo.DemoInfrastructure;
import io.shiplog.dev.demo.DemoState;
import io.shiplog.dev.services.Service;
import io.shiplog.fleet.AuditSpec;
import io.shiplog.fleet.Fleet;
import io.shiplog.fleet.read.FleetFile;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.local.support.Ports;
import io.shiplog.schemas.topic.TopicProvisioner;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Everything Shiplog needs, on this machine: a real KRaft broker, the schema registry on it, the release-log topics
 * and the four services, each a Spring Boot application in this JVM with its own port, all reading one fleet file —
 * the user's, or the demo's ({@link DemoInfrastructure}: a registry, a git server and two API servers).
 */
public final class DevEnvironment implements AutoCloseable {

    private final DataDir data;
    private final KafkaBroker kafka;
    private final SchemaRegistry registry;
    private final DemoInfrastructure demo;
    private final Path fleetFile;
    private final Map<String, URI> serviceUrls;
    private final List<ConfigurableApplicationContext> contexts;
    private final DevApiToken apiToken;

    private DevEnvironment(DataDir data, KafkaBroker kafka, SchemaRegistry registry, DemoInfrastructure demo,
                           Path fleetFile, Map<String, URI> serviceUrls, List<ConfigurableApplicationContext> contexts,
                           DevApiToken apiToken) {
        this.data = data;
        this.kafka = kafka;
        this.registry = registry;
        this.demo = demo;
        this.fleetFile = fleetFile;
        this.serviceUrls = serviceUrls;
        this.contexts = contexts;
        this.apiToken = apiToken;
    }

    /**
     * Starts the broker, the registry, the topics and (when asked) the demo's infrastructure and the services;
     * stops what started on failure. A user's fleet file is checked before anything starts.
     */
    public static DevEnvironment start(DevOptions options) {
        Optional<Fleet> userFleet = options.config().map(file -> FleetFile.load(file).orThrow());
        DataDir data = DataDir.of(options.dataDir());
        List<AutoCloseable> started = new ArrayList<>();
        started.add(data);
        try {
            KafkaBroker kafka = KafkaBroker.startEmbedded(new KafkaBroker.EmbeddedOptions(options.kafkaPort(),
                    options.kafkaPort() == 0 ? 0 : options.kafkaPort() + 1, Optional.of(data.kafka())));
            started.add(kafka);
            SchemaRegistry registry = SchemaRegistry.start(kafka.bootstrapServers(), options.schemaRegistryPort());
            started.add(registry);
            TopicProvisioner.provisionCatalogue(kafka.bootstrapServers());
            Map<String, URI> urls = new LinkedHashMap<>();
            List<ConfigurableApplicationContext> contexts = new ArrayList<>();
            DemoInfrastructure demo = null;
            DevApiToken apiToken = null;
            Path fleet = options.config().map(Path::toAbsolutePath).orElse(null);
            if (options.services()) {
                Map<Service, Integer> ports = ports(options.servicePort());
                if (options.runsDemo()) {
                    URI webhook = URI.create("http://127.0.0.1:" + ports.get(Service.REGISTRY_SCANNER)
                            + "/webhooks/registry");
                    demo = DemoInfrastructure.start(data, options.demo(), demoRegistryPort(options, data),
                            options.gitPort(), webhook);
                    started.add(demo);
                    fleet = demo.fleetFile();
                }
                DevAuditStore audit = DevAuditStore.prepare(data);
                boolean fleetHasAudit = userFleet.flatMap(Fleet::audit).isPresent();
                // the user's fleet file with tokens of its own keeps them; else the run's token is every service's
                boolean fleetHasTokens = userFleet.filter(f -> !f.api().tokens().isEmpty()
                        || f.audit().flatMap(AuditSpec::token).isPresent()).isPresent();
                apiToken = fleetHasTokens ? null : DevApiToken.generate(data);
                for (Service service : Service.all()) {
                    List<String> args = new ArrayList<>(serviceArguments(ports.get(service), kafka, registry, data,
                            service, fleet));
                    if (apiToken != null) {
                        args.addAll(apiToken.arguments());
                    }
                    if (service == Service.DRIFT_AUDITOR && !fleetHasAudit) {
                        args.addAll(audit.arguments());
                    }
                    ConfigurableApplicationContext context = service.application().get()
                            .run(args.toArray(String[]::new));
                    contexts.add(context);
                    started.add(context::close);
                    urls.put(service.name(), URI.create("http://127.0.0.1:" + ports.get(service)));
                }
            }
            return new DevEnvironment(data, kafka, registry, demo, fleet, Collections.unmodifiableMap(urls),
                    contexts, apiToken);
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /** The registry port asked for; with 0 (free ports), the one an earlier run used, which git's images name. */
    private static int demoRegistryPort(DevOptions options, DataDir data) {
        if (options.registryPort() != 0) {
            return options.registryPort();
        }
        String host = DemoState.read(data.demoState()).registryHost();
        return host == null ? 0 : Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
    }

    private static Map<Service, Integer> ports(int first) {
        Map<Service, Integer> ports = new LinkedHashMap<>();
        int next = first;
        for (Service service : Service.all()) {
            ports.put(service, next == 0 ? Ports.freePort() : next++);
        }
        return ports;
    }

    private static List<String> serviceArguments(int port, KafkaBroker kafka, SchemaRegistry registry, DataDir data,
                                                 Service service, Path fleet) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.kafka.properties.schema.registry.url=" + registry.url(),
                "--logging.level.org.apache.kafka=WARN",
                "--spring.main.banner-mode=off",
                "--logging.include-application-name=false",
                "--shiplog.git-writer.mirror-dir=" + data.mirrors(Service.GIT_WRITER.name()),
                "--shiplog.applier.mirror-dir=" + data.mirrors(Service.CLUSTER_APPLIER.name()),
                "--shiplog.drift.mirror-dir=" + data.mirrors(Service.DRIFT_AUDITOR.name())));
        if (fleet != null) {
            args.add("--shiplog.config=" + fleet);
        }
        return args;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public DataDir data() {
        return data;
    }

    /** The demo's infrastructure, when it runs the demo. */
    public Optional<DemoInfrastructure> demo() {
        return Optional.ofNullable(demo);
    }

    /** The fleet file the services read (the user's or the demo's); empty without services. */
    public Optional<Path> fleetFile() {
        return Optional.ofNullable(fleetFile);
    }

    /**
     * The file holding the run's API token (empty without services, or when the user's fleet file has tokens of its
     * own); the token itself is never printed.
     */
    public Optional<Path> apiTokenFile() {
        return Optional.ofNullable(apiToken).map(DevApiToken::file);
    }

    /** The run's API token (role write, every service), for callers in this JVM (the demo's trace); never print it. */
    public String apiToken() {
        return apiToken == null ? null : apiToken.token();
    }

    /** The Spring context of a service running in this JVM, by service name (for tests). */
    public Optional<ConfigurableApplicationContext> context(String service) {
        List<String> names = List.copyOf(serviceUrls.keySet());
        int index = names.indexOf(service);
        return index < 0 ? Optional.empty() : Optional.of(contexts.get(index));
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
        if (demo != null) {
            demo.close();
        }
        registry.close();
        kafka.close();
        data.close();
    }
}
