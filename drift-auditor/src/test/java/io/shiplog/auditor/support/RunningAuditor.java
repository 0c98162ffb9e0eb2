package io.shiplog.auditor.support;

import io.shiplog.auditor.DriftAuditorApplication;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.render.RenderToolsDir;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.schemas.testing.TestKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/** The real drift-auditor application on the shared broker and registry, with its store in a given directory. */
public final class RunningAuditor implements AutoCloseable {

    public static final String TOKEN = "test-token-" + java.util.UUID.randomUUID();

    private final ConfigurableApplicationContext context;

    private RunningAuditor(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the application; an {@code extra} argument replaces a default of the same property. */
    public static RunningAuditor start(Path storeDir, String... extra) {
        TestKafka.provisionTopics();
        RenderToolsDir.locate(); // the real kustomize, helm and sops, for repositories that need them
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
                "--spring.kafka.properties.schema.registry.url=" + SchemaRegistry.shared().url(),
                "--spring.main.banner-mode=off",
                "--shiplog.audit.api.token=" + TOKEN,
                "--shiplog.audit.store.url=jdbc:sqlite:" + storeDir.resolve("audit.db").toAbsolutePath(),
                "--shiplog.audit.projection.poll-timeout=100ms",
                "--shiplog.drift.replicas.group=auditor-it-" + java.util.UUID.randomUUID()));
        for (String override : extra) {
            String key = override.contains("=") ? override.substring(0, override.indexOf('=') + 1) : override;
            args.removeIf(arg -> arg.startsWith(key));
            args.add(override);
        }
        return new RunningAuditor(DriftAuditorApplication.application().run(args.toArray(String[]::new)));
    }

    public ApiClient api() {
        return new ApiClient("http://127.0.0.1:" + port(), TOKEN);
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
