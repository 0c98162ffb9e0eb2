package io.shiplog.local.oci;

import io.shiplog.local.junit.ContainerRegistryExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.shiplog.local.support.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real docker-registry, checked with plain HTTP requests independent of {@link ImagePusher}. */
@ExtendWith(ContainerRegistryExtension.class)
class ContainerRegistryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void listsBothPushedTagsWithCredentialsAndAnswers401WithoutThem(ContainerRegistry registry) throws Exception {
        PushedImage v1 = registry.pusher().push("list/app", "v1");
        PushedImage v2 = registry.pusher().push("list/app", "v2");

        HttpResponse<String> withAuth = get(registry, "/v2/list/app/tags/list", true, null);
        HttpResponse<String> withoutAuth = get(registry, "/v2/list/app/tags/list", false, null);

        assertThat(withAuth.statusCode()).isEqualTo(200);
        assertThat(tags(withAuth)).containsExactlyInAnyOrder(v1.tag(), v2.tag());
        assertThat(withoutAuth.statusCode()).isEqualTo(401);
        assertThat(withoutAuth.headers().firstValue("WWW-Authenticate"))
                .hasValue("Basic realm=\"" + RegistryConfigFile.REALM + "\"");
        assertThat(v1.digest()).isNotEqualTo(v2.digest());
    }

    @Test
    void notifiesThePushOfEachTagWithItsDigestAndTheConfiguredHeader() {
        try (ContainerRegistry registry = ContainerRegistry.start(RegistryOptions.defaults()
                .withReceiverHeader("Authorization", "Bearer hook-secret-1"))) {
            PushedImage v1 = registry.pusher().push("notify/app", "v1");
            PushedImage v2 = registry.pusher().push("notify/app", "v2");

            RegistryEvent first = registry.awaitNotification(RegistryEvent.pushOf("notify/app", "v1"), WAIT);
            RegistryEvent second = registry.awaitNotification(RegistryEvent.pushOf("notify/app", "v2"), WAIT);

            assertThat(first.digest()).isEqualTo(v1.digest());
            assertThat(second.digest()).isEqualTo(v2.digest());
            assertThat(first.mediaType()).isEqualTo(OCI_MANIFEST);
            assertThat(first.size()).isEqualTo(v1.size());
            assertThat(first.actor()).isEqualTo(registry.username());
            assertThat(first.timestamp()).isNotNull();
            assertThat(first.header("Authorization")).hasValue("Bearer hook-secret-1");
            assertThat(first.header("Content-Type")).hasValue(RegistryEvent.MEDIA_TYPE);
            assertThat(registry.received()).filteredOn(event -> "push".equals(event.action()) && event.tag() == null)
                    .as("blob pushes are notified too, without a tag")
                    .extracting(RegistryEvent::digest).contains(v1.layerDigest(), v1.configDigest());
        }
    }

    @Test
    void movesTheTagToANewDigestWhenItIsRePushed(ContainerRegistry registry) throws Exception {
        PushedImage before = registry.pusher().push("repush/app", "latest",
                ImageSpec.of(Instant.parse("2026-01-01T10:00:00Z")));
        assertThat(headDigest(registry, "repush/app", "latest")).isEqualTo(before.digest());

        PushedImage after = registry.pusher().repush(before, Instant.parse("2026-01-02T10:00:00Z"));

        assertThat(after.digest()).isNotEqualTo(before.digest());
        assertThat(after.created()).isEqualTo(Instant.parse("2026-01-02T10:00:00Z"));
        assertThat(headDigest(registry, "repush/app", "latest")).isEqualTo(after.digest());
        registry.awaitNotification(RegistryEvent.pushOf("repush/app", "latest", after.digest()), WAIT);
    }

    @Test
    void servesImagesSeededIntoItsStorageLikePushedOnes(ContainerRegistry registry) throws Exception {
        StorageSeeder seeder = StorageSeeder.of(registry);
        PushedImage one = seeder.seed("seeded/app", "1.0", ImageSpec.of(Instant.parse("2026-03-01T10:00:00Z")));
        PushedImage two = seeder.seed("seeded/app", "2.0", ImageSpec.of(Instant.parse("2026-03-02T10:00:00Z")));
        PushedImage pushed = registry.pusher().push("seeded/app", "3.0");

        assertThat(tags(get(registry, "/v2/seeded/app/tags/list", true, null)))
                .containsExactlyInAnyOrder("1.0", "2.0", "3.0");
        assertThat(headDigest(registry, "seeded/app", "1.0")).isEqualTo(one.digest());
        assertThat(headDigest(registry, "seeded/app", "2.0")).isEqualTo(two.digest()).isNotEqualTo(one.digest());
        assertThat(headDigest(registry, "seeded/app", "3.0")).isEqualTo(pushed.digest());
        HttpResponse<String> config = get(registry, "/v2/seeded/app/blobs/" + two.configDigest(), true, null);
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(config.body()).path("created").asText()).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(get(registry, "/v2/seeded/app/manifests/" + one.digest(), true, OCI_MANIFEST).statusCode())
                .isEqualTo(200);
    }

    @Test
    void servesAMultiArchIndexWithItsPlatforms(ContainerRegistry registry) throws Exception {
        Instant created = Instant.parse("2026-03-04T05:06:07Z");
        PushedIndex index = registry.pusher().pushIndex("multi/app", "1.0", created,
                List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64_V8));

        HttpResponse<String> response = get(registry, "/v2/multi/app/manifests/1.0", true, OCI_INDEX);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(OCI_INDEX);
        assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(index.digest());
        List<String> platforms = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(response.body()).path("manifests")) {
            JsonNode platform = entry.path("platform");
            platforms.add(platform.path("os").asText() + "/" + platform.path("architecture").asText()
                    + (platform.has("variant") ? "/" + platform.path("variant").asText() : ""));
            assertThat(entry.path("mediaType").asText()).isEqualTo(OCI_MANIFEST);
        }
        assertThat(platforms).containsExactly("linux/amd64", "linux/arm64/v8");
        PushedImage arm = index.images().get(1);
        JsonNode armConfig = JSON.readTree(get(registry, "/v2/multi/app/blobs/" + arm.configDigest(), true, null)
                .body());
        assertThat(armConfig.path("architecture").asText()).isEqualTo("arm64");
        assertThat(armConfig.path("variant").asText()).isEqualTo("v8");
        assertThat(Instant.parse(armConfig.path("created").asText())).isEqualTo(created);
        assertThat(index.platforms()).containsExactly(Platform.LINUX_AMD64, Platform.LINUX_ARM64_V8);
    }

    @Test
    void acceptsDockerV2Schema2ManifestsAndManifestLists(ContainerRegistry registry) throws Exception {
        String dockerManifest = ManifestFormat.DOCKER_V2.manifestMediaType();
        PushedImage image = registry.pusher().push("docker/app", "v1",
                ImageSpec.now().withFormat(ManifestFormat.DOCKER_V2));
        PushedIndex list = registry.pusher().pushIndex("docker/app", "multi", Instant.now(),
                ManifestFormat.DOCKER_V2, List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64_V8));

        HttpResponse<String> single = get(registry, "/v2/docker/app/manifests/v1", true, dockerManifest);
        HttpResponse<String> multi = get(registry, "/v2/docker/app/manifests/multi", true,
                ManifestFormat.DOCKER_V2.indexMediaType());

        assertThat(single.headers().firstValue("Content-Type")).hasValue(dockerManifest);
        assertThat(single.headers().firstValue("Docker-Content-Digest")).hasValue(image.digest());
        assertThat(multi.headers().firstValue("Content-Type")).hasValue(ManifestFormat.DOCKER_V2.indexMediaType());
        assertThat(multi.headers().firstValue("Docker-Content-Digest")).hasValue(list.digest());
    }

    @Test
    void deletesATagByItsManifestAndNotifiesTheDeletion(ContainerRegistry registry) throws Exception {
        PushedImage kept = registry.pusher().push("delete/app", "kept");
        PushedImage doomed = registry.pusher().push("delete/app", "doomed");

        String deleted = registry.pusher().deleteTag("delete/app", "doomed");

        assertThat(deleted).isEqualTo(doomed.digest());
        assertThat(get(registry, "/v2/delete/app/manifests/doomed", true, OCI_MANIFEST).statusCode()).isEqualTo(404);
        assertThat(tags(get(registry, "/v2/delete/app/tags/list", true, null))).containsExactly(kept.tag());
        registry.awaitNotification(RegistryEvent.deleteOf("delete/app", "doomed"), WAIT);
    }

    @Test
    void listsAllTagsIgnoringPageSizeWhileTheCatalogPaginatesWithLinkHeaders() throws Exception {
        try (ContainerRegistry registry = ContainerRegistry.start()) {
            List<String> pushedTags = IntStream.range(0, 5).mapToObj(i -> "t" + i).toList();
            pushedTags.forEach(tag -> registry.pusher().push("page/app", tag));
            for (String repository : List.of("page/b", "page/c", "page/d", "page/e")) {
                registry.pusher().push(repository, "v1");
            }

            HttpResponse<String> tagPage = get(registry, "/v2/page/app/tags/list?n=2", true, null);
            assertThat(tagPage.statusCode()).isEqualTo(200);
            assertThat(tags(tagPage)).as("distribution 2.8 ignores n on tags/list")
                    .containsExactlyInAnyOrderElementsOf(pushedTags);
            assertThat(tagPage.headers().firstValue("Link")).isEmpty();

            List<String> repositories = new ArrayList<>();
            List<String> links = new ArrayList<>();
            String next = "/v2/_catalog?n=2";
            while (next != null) {
                HttpResponse<String> page = get(registry, next, true, null);
                assertThat(page.statusCode()).isEqualTo(200);
                JSON.readTree(page.body()).path("repositories").forEach(name -> repositories.add(name.asText()));
                next = page.headers().firstValue("Link").map(ContainerRegistryIT::nextLink).orElse(null);
                if (next != null) {
                    links.add(next);
                }
            }
            assertThat(repositories).containsExactly("page/app", "page/b", "page/c", "page/d", "page/e");
            assertThat(links).containsExactly("/v2/_catalog?last=page%2Fb&n=2", "/v2/_catalog?last=page%2Fd&n=2");
        }
    }

    @Test
    void refusesAPushWithBadCredentialsWithoutShowingThePassword(ContainerRegistry registry) {
        ImagePusher intruder = new ImagePusher(new RegistryClient(registry.url(), registry.username(),
                "not-the-password", Duration.ofSeconds(10)));

        assertThatThrownBy(() -> intruder.push("intruder/app", "v1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("intruder/app")
                .hasMessageNotContaining("not-the-password");
        assertThat(registry.pusher().tags("intruder/app")).isEmpty();
    }

    @Test
    void keepsPasswordAndNotificationSecretOutOfItsLogAndToString() throws Exception {
        try (ContainerRegistry registry = ContainerRegistry.start(RegistryOptions.defaults()
                .withCredentials("ci", "very-secret-password")
                .withReceiverHeader("Authorization", "Bearer very-secret-token"))) {
            registry.pusher().push("secret/app", "v1");
            registry.awaitNotification(RegistryEvent.pushOf("secret/app", "v1"), WAIT);
            get(registry, "/v2/secret/app/tags/list", false, null);

            assertThat(Files.readString(registry.logFile())).doesNotContain("very-secret-password")
                    .doesNotContain("very-secret-token");
            assertThat(registry.toString()).contains("ci").doesNotContain("very-secret-password");
        }
    }

    @Test
    void runsWithoutAuthWhenAsked() throws Exception {
        try (ContainerRegistry registry = ContainerRegistry.start(RegistryOptions.defaults().withoutAuth())) {
            PushedImage image = registry.pusher().push("open/app", "v1");

            assertThat(get(registry, "/v2/", false, null).statusCode()).isEqualTo(200);
            assertThat(tags(get(registry, "/v2/open/app/tags/list", false, null))).containsExactly("v1");
            registry.awaitNotification(RegistryEvent.pushOf("open/app", "v1", image.digest()), WAIT);
            assertThatThrownBy(registry::password).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without auth");
        }
    }

    @Test
    void sendsNotificationsToAnotherEndpointWithItsSharedSecret() throws Exception {
        List<Map.Entry<String, String>> hooks = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/webhook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            hooks.add(Map.entry(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        URI url = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/webhook");
        try (ContainerRegistry registry = ContainerRegistry.start(RegistryOptions.defaults()
                .notifyOnly(NotificationEndpoint.of(url).withHeader("Authorization", "Token scanner-secret")))) {
            PushedImage image = registry.pusher().push("hooked/app", "v1");

            await().atMost(WAIT).untilAsserted(() -> assertThat(hooks).anySatisfy(hook -> {
                assertThat(hook.getKey()).isEqualTo("Token scanner-secret");
                assertThat(hook.getValue()).contains("\"tag\": \"v1\"", image.digest());
            }));
            assertThat(registry.notificationUrl()).isEmpty();
            assertThatThrownBy(() -> registry.awaitNotification(event -> true, Duration.ofMillis(1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("notifyOnly");
        } finally {
            webhook.stop(0);
        }
    }

    @Test
    void retriesANotificationUntilTheEndpointComesUp() throws Exception {
        int port = Ports.freePort();
        URI url = URI.create("http://127.0.0.1:" + port + "/late");
        try (ContainerRegistry registry = ContainerRegistry.start(RegistryOptions.defaults()
                .notifyOnly(NotificationEndpoint.of(url)))) {
            PushedImage image = registry.pusher().push("late/app", "v1");
            List<String> bodies = new CopyOnWriteArrayList<>();
            HttpServer late = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            late.createContext("/late", exchange -> {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            late.start();
            try {
                await().atMost(WAIT).untilAsserted(() -> assertThat(bodies)
                        .anySatisfy(body -> assertThat(body).contains("\"tag\": \"v1\"", image.digest())));
            } finally {
                late.stop(0);
            }
        }
    }

    @Test
    void removesItsStorageWhenClosed() {
        ContainerRegistry registry = ContainerRegistry.start();
        registry.pusher().push("gone/app", "v1");
        Path dir = registry.logFile().getParent();

        registry.close();

        assertThat(dir).doesNotExist();
    }

    private HttpResponse<String> get(ContainerRegistry registry, String path, boolean auth, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.url().resolve(path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (auth && registry.authEnabled()) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8)));
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String headDigest(ContainerRegistry registry, String repository, String tag) throws Exception {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        registry.url().resolve("/v2/" + repository + "/manifests/" + tag))
                .timeout(Duration.ofSeconds(10))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", OCI_MANIFEST)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private static List<String> tags(HttpResponse<String> response) throws IOException {
        List<String> tags = new ArrayList<>();
        JSON.readTree(response.body()).path("tags").forEach(tag -> tags.add(tag.asText()));
        return tags;
    }

    private static String nextLink(String link) {
        return link.substring(link.indexOf('<') + 1, link.indexOf('>'));
    }
}
