package io.shiplog.auditor.drift;

import io.shiplog.auditor.DriftAuditorApplication;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.render.RenderToolsDir;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/** The real drift-auditor application on the shared broker, registry and git server, for one test class. */
final class RunningAuditor implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningAuditor(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * @param repositories name → URL on the shared git server (its credentials are used)
     * @param clusters     {@code shiplog.drift.clusters[i].*} settings without the prefix, one map per cluster
     */
    static RunningAuditor start(Map<String, String> repositories, List<Map<String, String>> clusters,
                                String... extra) {
        GitServer git = GitServer.shared();
        RenderToolsDir.locate(); // the real kustomize, helm and sops, for repositories that need them
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
                "--spring.kafka.properties.schema.registry.url=" + SchemaRegistry.shared().url(),
                "--spring.main.banner-mode=off",
                "--shiplog.audit.api.token=drift-test-token-" + java.util.UUID.randomUUID(),
                "--shiplog.audit.store.url=jdbc:sqlite:" + storeDir() + "/audit.db",
                "--shiplog.drift.tuning.request-timeout=3s",
                "--shiplog.drift.replicas.group=auditor-it-" + java.util.UUID.randomUUID()));
        int r = 0;
        for (Map.Entry<String, String> repository : repositories.entrySet()) {
            String at = "--shiplog.drift.repositories[" + r++ + "].";
            args.add(at + "name=" + repository.getKey());
            args.add(at + "url=" + repository.getValue());
            args.add(at + "username=" + git.username());
            args.add(at + "password=" + git.password());
        }
        for (int i = 0; i < clusters.size(); i++) {
            for (Map.Entry<String, String> setting : clusters.get(i).entrySet()) {
                args.add("--shiplog.drift.clusters[" + i + "]." + setting.getKey() + "=" + setting.getValue());
            }
        }
        for (String override : extra) {
            String key = override.substring(0, override.indexOf('=') + 1);
            args.removeIf(arg -> arg.startsWith(key));
            args.add(override);
        }
        return new RunningAuditor(DriftAuditorApplication.application().run(args.toArray(String[]::new)));
    }

    private static String storeDir() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("drift-audit-store");
            dir.toFile().deleteOnExit();
            return dir.toAbsolutePath().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The clusters this instance audits now (the auditor group's share of the configured ones). */
    java.util.Set<String> audited() {
        return context.getBean(DriftService.class).clusters();
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
