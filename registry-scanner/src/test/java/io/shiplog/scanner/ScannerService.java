package io.shiplog.scanner;

import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.net.URI;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the real scanner service on the shared broker and registry, polling every second. */
final class ScannerService {

    private ScannerService() {
    }

    /** A scanner on {@code port} (0: any) in watch-list group {@code group}, with the registry's credentials. */
    static ConfigurableApplicationContext start(int port, String group, String webhookToken,
                                                ContainerRegistry registry) {
        return start(port, group, webhookToken, registry, registry.url());
    }

    /** The same, reaching the registry's API at {@code url} (a proxy in front of it). */
    static ConfigurableApplicationContext start(int port, String group, String webhookToken,
                                                ContainerRegistry registry, URI url) {
        return RegistryScannerApplication.application().run(
                "--server.port=" + port, "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
                "--spring.kafka.properties.schema.registry.url=" + SchemaRegistry.shared().url(),
                "--shiplog.scanner.tuning.default-interval=1s",
                "--shiplog.scanner.tuning.watchlist-group=" + group,
                "--shiplog.scanner.webhook.token=" + webhookToken,
                "--shiplog.scanner.registries[0].host=" + registry.host(),
                "--shiplog.scanner.registries[0].url=" + url,
                "--shiplog.scanner.registries[0].username=" + registry.username(),
                "--shiplog.scanner.registries[0].password=" + registry.password());
    }
}
