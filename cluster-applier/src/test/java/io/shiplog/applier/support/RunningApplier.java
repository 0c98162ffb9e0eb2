package io.shiplog.applier.support;

import io.shiplog.applier.ClusterApplierApplication;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.render.RenderToolsDir;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;

/** The real cluster-applier application, on the shared broker, registry and git server, for one test. */
public final class RunningApplier implements AutoCloseable {

    /** The API token of every test applier with role write ({@code shiplog.api.tokens[0]}, named {@code ops}). */
    public static final String WRITE_TOKEN = "test-write-token-" + java.util.UUID.randomUUID();
    /** The API token with role read ({@code shiplog.api.tokens[1]}, named {@code dashboards}). */
    public static final String READ_TOKEN = "test-read-token-" + java.util.UUID.randomUUID();

    private final ConfigurableApplicationContext context;

    private RunningApplier(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * The applier group of the running application: a new one per start unless the extra arguments name one (two
     * appliers of one test that share a group split the clusters between them).
     */
    public String group() {
        return context.getEnvironment().getProperty("shiplog.applier.replicas.group");
    }

    /**
     * Starts the application with {@code repositories} (name → URL, all on the shared git server with its
     * credentials), {@code clusters} and extra arguments (e.g. tuning).
     */
    public static RunningApplier start(Map<String, String> repositories, List<ClusterConfig> clusters,
                                       String... extra) {
        GitServer git = GitServer.shared();
        RenderToolsDir.locate(); // the real kustomize, helm and sops, for repositories that need them
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
                "--spring.kafka.properties.schema.registry.url=" + SchemaRegistry.shared().url(),
                "--spring.main.banner-mode=off",
                "--shiplog.applier.tuning.health-timeout=0s",
                "--shiplog.applier.tuning.retry-initial-backoff=200ms",
                "--shiplog.applier.tuning.retry-max-backoff=1s",
                "--shiplog.applier.tuning.request-timeout=5s",
                "--shiplog.applier.tuning.poll-timeout=100ms",
                "--shiplog.api.tokens[0].name=ops",
                "--shiplog.api.tokens[0].token=" + WRITE_TOKEN,
                "--shiplog.api.tokens[0].role=write",
                "--shiplog.api.tokens[1].name=dashboards",
                "--shiplog.api.tokens[1].token=" + READ_TOKEN,
                "--shiplog.api.tokens[1].role=read",
                "--shiplog.applier.replicas.group=applier-it-" + UUID.randomUUID()));
        int r = 0;
        for (Map.Entry<String, String> repository : new LinkedHashMap<>(repositories).entrySet()) {
            String at = "--shiplog.applier.repositories[" + r++ + "].";
            args.add(at + "name=" + repository.getKey());
            args.add(at + "url=" + repository.getValue());
            args.add(at + "username=" + git.username());
            args.add(at + "password=" + git.password());
        }
        for (int i = 0; i < clusters.size(); i++) {
            args.addAll(clusters.get(i).arguments(i));
        }
        for (String override : extra) {
            String key = override.substring(0, override.indexOf('=') + 1);
            args.removeIf(arg -> arg.startsWith(key));
            args.add(override);
        }
        return new RunningApplier(ClusterApplierApplication.application().run(args.toArray(String[]::new)));
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @Override
    public void close() {
        context.close();
    }
}
