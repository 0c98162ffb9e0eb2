package io.shiplog.scanner.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Each service's push notification as its documentation shows it (fixtures under {@code webhooks/}, written from
 * the documented shape), read into the pushes the scanner acts on.
 */
class WebhookFixturesTest {

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = WebhookFixturesTest.class.getResourceAsStream("/webhooks/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void aGhcrPackagePublishedEventNamesTheImageOfItsPackageUrlAndItsTag() throws IOException {
        // GitHub's package event has "repository" as an object (the source repository): it was no known form (400)
        assertThat(WebhookParser.parse(fixture("ghcr-package-published.json"))).containsExactly(
                new PushNotice("ghcr.io", "acme-corp/shop-api", "2.4.1", Instant.parse("2026-12-01T10:00:03Z")));
    }

    @Test
    void aGithubPackageEventWithoutPackageUrlNamesTheLowerCasedNamespaceAndName() throws IOException {
        String body = new String(fixture("ghcr-package-published.json"), StandardCharsets.UTF_8)
                .replace("\"package_url\": \"ghcr.io/acme-corp/shop-api:2.4.1\",", "")
                .replace("\"package\": {", "\"registry_package\": {");

        assertThat(WebhookParser.parse(body.getBytes(StandardCharsets.UTF_8))).singleElement().satisfies(p -> {
            assertThat(p.host()).isEqualTo("ghcr.io");
            assertThat(p.path()).isEqualTo("acme-corp/shop-api");
            assertThat(p.tag()).isEqualTo("2.4.1");
        });
    }

    @Test
    void aGithubPackageEventOfAnotherPackageTypeOrActionIsIgnored() throws IOException {
        String body = new String(fixture("ghcr-package-published.json"), StandardCharsets.UTF_8);

        assertThat(WebhookParser.parse(body.replace("\"CONTAINER\"", "\"npm\"").getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(WebhookParser.parse(body.replace("\"published\"", "\"deleted\"").getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @Test
    void aQuayRepositoryPushNamesEveryUpdatedTagOfItsDockerUrl() throws IOException {
        assertThat(WebhookParser.parse(fixture("quay-repo-push.json"))).extracting(PushNotice::host,
                PushNotice::path, PushNotice::tag).containsExactly(
                        tuple("quay.io", "fintrack/payments", "v3.2.0"),
                        tuple("quay.io", "fintrack/payments", "stable"));
    }

    @Test
    void anOlderQuayPushWithUpdatedTagsAsAnObjectNamesItsKeys() {
        byte[] body = """
                {"repository": "fintrack/payments", "namespace": "fintrack", "name": "payments",
                 "docker_url": "quay.example.com/fintrack/payments", "homepage": "https://quay.example.com/x",
                 "updated_tags": {"v3.2.1": "8e2f"}}""".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookParser.parse(body)).singleElement().satisfies(p -> {
            assertThat(p.host()).isEqualTo("quay.example.com");
            assertThat(p.tag()).isEqualTo("v3.2.1");
        });
    }

    @Test
    void aGitlabContainerRegistryNotificationNamesTheManifestPushAndIgnoresTheTagDelete() throws IOException {
        assertThat(WebhookParser.parse(fixture("gitlab-registry-push.json"))).containsExactly(
                new PushNotice("registry.gitlab.com", "platform/tools/deployer", "1.9.0",
                        Instant.parse("2026-12-01T11:30:12.482913Z")));
    }

    @Test
    void aHarborPushArtifactNamesTheHostOfItsResourceUrl() throws IOException {
        assertThat(WebhookParser.parse(fixture("harbor-push-artifact.json"))).containsExactly(
                new PushNotice("harbor.corp.example:8443", "logistics/route-planner", "7.1.0",
                        Instant.ofEpochSecond(1764588600)));
    }

    @Test
    void aDockerHubPushNamesTheDockerIoRepository() throws IOException {
        assertThat(WebhookParser.parse(fixture("dockerhub-push.json"))).containsExactly(
                new PushNotice("docker.io", "northwind/catalog", "2026.12.1", Instant.ofEpochSecond(1764590400)));
    }

    @Test
    void aDockerHubPushOfAnOfficialImageNamesItsLibraryRepository() throws IOException {
        String body = new String(fixture("dockerhub-push.json"), StandardCharsets.UTF_8)
                .replace("\"repo_name\": \"northwind/catalog\"", "\"repo_name\": \"nginx\"");

        assertThat(WebhookParser.parse(body.getBytes(StandardCharsets.UTF_8))).singleElement()
                .satisfies(p -> assertThat(p.path()).isEqualTo("library/nginx"));
    }
}
