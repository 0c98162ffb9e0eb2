package io.shiplog.local.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.shiplog.local.support.Ports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry whose storage and port are given, as {@code shiplog dev} runs it, and its webhook secrets. */
class ContainerRegistryStorageIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path scratch;

    @Test
    void servesImagesPushedInAnEarlierRunFromTheSameStorage() throws Exception {
        Path storage = scratch.resolve("registry");
        RegistryOptions options = RegistryOptions.defaults().withCredentials("dev", "dev-password")
                .withStorage(storage).withPort(Ports.freePort());
        PushedImage pushed;
        String host;
        try (ContainerRegistry first = ContainerRegistry.start(options)) {
            pushed = first.pusher().push("demo/app", "1.0.0");
            host = first.host();
            assertThat(first.storageRoot()).isEqualTo(storage);
        }
        assertThat(storage.resolve("docker/registry/v2/repositories/demo/app")).isDirectory();

        try (ContainerRegistry second = ContainerRegistry.start(options)) {
            HttpResponse<String> manifest = http.send(HttpRequest.newBuilder(
                            second.url().resolve("/v2/demo/app/manifests/1.0.0"))
                    .header("Accept", OCI_MANIFEST).header("Authorization", basic(second))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(second.host()).isEqualTo(host);
            assertThat(manifest.statusCode()).isEqualTo(200);
            assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(pushed.digest());
            assertThat(second.pusher().tags("demo/app")).containsExactly("1.0.0");
        }
    }

    @Test
    void sendsABearerTokenToAnExtraEndpointAndNeverWritesItToItsLog() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/webhook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (body.contains("\"tag\": \"v1\"")) {
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        URI scanner = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/webhook");
        URI unreachable = URI.create("http://127.0.0.1:" + Ports.freePort() + "/down");
        try (ContainerRegistry registry = ContainerRegistry.start(RegistryOptions.defaults()
                .withEndpoint(NotificationEndpoint.of(scanner).withHeader("Authorization", "Bearer scanner-token-1"))
                .withEndpoint(NotificationEndpoint.of(unreachable)
                        .withHeader("Authorization", "Bearer unreachable-token-2")))) {
            registry.pusher().push("bearer/app", "v1");

            await().atMost(WAIT).untilAsserted(() -> assertThat(authorizations).contains("Bearer scanner-token-1"));
            registry.awaitNotification(RegistryEvent.pushOf("bearer/app", "v1"), WAIT);
            await().atMost(WAIT).until(() -> Files.readString(registry.logFile()).contains(unreachable.toString()));

            assertThat(Files.readString(registry.logFile())).doesNotContain("scanner-token-1", "unreachable-token-2");
            assertThat(registry.toString()).doesNotContain("scanner-token-1", "unreachable-token-2");
        } finally {
            webhook.stop(0);
        }
    }

    @Test
    void aPushesOnlyEndpointHearsManifestPushesButNoPullsOrLayers() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/webhook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        URI scanner = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/webhook");
        try (ContainerRegistry registry = ContainerRegistry.start(RegistryOptions.defaults().withoutAuth()
                .withEndpoint(NotificationEndpoint.of(scanner).pushesOnly()))) {
            registry.pusher().push("quiet/app", "v1");
            HttpResponse<Void> pulled = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://" + registry.host() + "/v2/quiet/app/manifests/v1"))
                    .header("Accept", "application/vnd.oci.image.manifest.v1+json,"
                            + "application/vnd.docker.distribution.manifest.v2+json").GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(pulled.statusCode()).isEqualTo(200);
            // the registry's own endpoint hears everything, the pull included
            registry.awaitNotification(e -> e.action().equals("pull") && e.repository().equals("quiet/app"), WAIT);
            registry.pusher().push("quiet/app", "v2");

            // one endpoint's notifications arrive in order: once v2's push is here, v1's pull would have been too
            await().atMost(WAIT).until(() -> String.join("\n", bodies).contains("\"tag\": \"v2\""));
            String all = String.join("\n", bodies);
            assertThat(all).contains("\"tag\": \"v1\"").doesNotContain("\"action\": \"pull\"")
                    .doesNotContain(NotificationEndpoint.LAYER_MEDIA_TYPE);
        } finally {
            webhook.stop(0);
        }
    }

    @Test
    void refusesAPortInUseAndStorageInUseWithoutStartingAProcess() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ContainerRegistry.start(RegistryOptions.defaults()
                    .withPort(taken.getLocalPort())))
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort()).hasMessageContaining("in use");
        }
        Path storage = scratch.resolve("busy");
        try (ContainerRegistry first = ContainerRegistry.start(RegistryOptions.defaults().withStorage(storage))) {
            assertThatThrownBy(() -> ContainerRegistry.start(RegistryOptions.defaults().withStorage(storage)))
                    .hasMessageContaining(storage.toString()).hasMessageContaining("in use");
            assertThat(first.toString()).contains("storage " + storage + " (kept)");
        }
    }

    private static String basic(ContainerRegistry registry) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8));
    }
}
