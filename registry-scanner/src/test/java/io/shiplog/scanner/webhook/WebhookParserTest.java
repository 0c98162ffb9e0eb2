package io.shiplog.scanner.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookParserTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsDistributionEventsAndIgnoresPulls() {
        var pushes = WebhookParser.parse(bytes("""
                {"events":[{"action":"pull","target":{"repository":"a","tag":"1"}},
                  {"action":"push","timestamp":"2026-12-01T10:00:00Z","target":{"repository":"team/app","tag":"2.0",
                   "digest":"sha256:00"},"request":{"host":"127.0.0.1:5000"}}]}"""));

        assertThat(pushes).containsExactly(new PushNotice("127.0.0.1:5000", "team/app", "2.0",
                Instant.parse("2026-12-01T10:00:00Z")));
    }

    @Test
    void ignoresTheBlobPushesThatPrecedeAManifestAndKeepsManifestPushesWithoutATag() {
        var pushes = WebhookParser.parse(bytes("""
                {"events":[
                  {"action":"push","target":{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip",
                   "repository":"team/app","digest":"sha256:01"},"request":{"host":"r:5000"}},
                  {"action":"push","target":{"mediaType":"application/octet-stream","repository":"team/app",
                   "digest":"sha256:02"},"request":{"host":"r:5000"}},
                  {"action":"push","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json",
                   "repository":"team/app","digest":"sha256:03","tag":"2.1"},"request":{"host":"r:5000"}},
                  {"action":"push","target":{"mediaType":"application/vnd.oci.image.index.v1+json",
                   "repository":"team/app","digest":"sha256:04"},"request":{"host":"r:5000"}}]}"""));

        assertThat(pushes).extracting(PushNotice::tag).containsExactly("2.1", null);
    }

    @Test
    void readsDockerHubHarborAndTheGenericForm() {
        assertThat(WebhookParser.parse(bytes("""
                {"push_data":{"pushed_at":1764583200,"tag":"latest"},"repository":{"repo_name":"acme/app"}}""")))
                .containsExactly(new PushNotice("docker.io", "acme/app", "latest", Instant.ofEpochSecond(1764583200)));
        assertThat(WebhookParser.parse(bytes("""
                {"type":"PUSH_ARTIFACT","occur_at":1764583200,"event_data":{"resources":[{"tag":"v1",
                 "resource_url":"harbor.example/proj/app:v1"}],"repository":{"repo_full_name":"proj/app"}}}""")))
                .containsExactly(new PushNotice("harbor.example", "proj/app", "v1", Instant.ofEpochSecond(1764583200)));
        assertThat(WebhookParser.parse(bytes("{\"repository\":\"ghcr.io/acme/app\",\"tag\":\"1.2\"}")))
                .singleElement().satisfies(p -> {
                    assertThat(p.host()).isEqualTo("ghcr.io");
                    assertThat(p.path()).isEqualTo("acme/app");
                });
    }

    @Test
    void takesTheFirstComponentOfTheGenericFormAsAHostByTheImageReferenceRule() {
        assertThat(WebhookParser.parse(bytes("{\"repository\":\"acme/app\",\"tag\":\"1\"}"))).singleElement()
                .satisfies(p -> {
                    assertThat(p.host()).isNull();
                    assertThat(p.path()).isEqualTo("acme/app");
                });
        assertThat(WebhookParser.parse(bytes("{\"repository\":\"localhost:5000/app\"}"))).singleElement()
                .satisfies(p -> assertThat(p.host()).isEqualTo("localhost:5000"));
    }

    @Test
    void refusesMalformedNotificationsSayingWhy() {
        assertThatThrownBy(() -> WebhookParser.parse(bytes("{not json"))).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> WebhookParser.parse(bytes("[1,2]"))).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> WebhookParser.parse(bytes("{\"events\":[{\"action\":\"push\",\"target\":{}}]}")))
                .hasMessageContaining("events[].target.repository");
        assertThatThrownBy(() -> WebhookParser.parse(bytes("{\"hello\":1}"))).hasMessageContaining("known forms");
    }
}
