package io.shiplog.auditor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplog.auditor.config.NotificationProperties.CloudEventsMode;
import io.shiplog.auditor.config.NotificationProperties.Target;
import io.shiplog.auditor.config.NotificationProperties.TargetType;
import io.shiplog.schemas.webhook.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each target's request for a release, against golden JSON ({@code src/test/resources/notify/*.json}). */
class PayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-07T08:15:35Z");
    private static final String SECRET = "whsec-test-" + "k".repeat(24);
    private final Notice release = NoticeSamples.notice("https://shiplog.acme.test/");

    @Test
    void slackGetsBlockKitBlocksWithImageCommitClustersAndTraceLink() throws IOException {
        Outgoing slack = Payloads.build(target(TargetType.SLACK, CloudEventsMode.STRUCTURED), release, NOW);

        assertGolden("slack.json", slack);
        assertThat(slack.headers()).containsEntry("Content-Type", "application/json");
    }

    @Test
    void teamsGetsAnAdaptiveCardInAnAttachment() throws IOException {
        assertGolden("teams.json", Payloads.build(target(TargetType.TEAMS, CloudEventsMode.STRUCTURED), release, NOW));
    }

    @Test
    void aWebhookGetsSignedJsonWhoseTimestampIsInsideTheSignedBody() throws IOException {
        Outgoing webhook = Payloads.build(target(TargetType.WEBHOOK, CloudEventsMode.STRUCTURED), release, NOW);

        assertGolden("webhook.json", webhook);
        assertThat(new WebhookSignature(SECRET).matches(webhook.headers().get(Payloads.SIGNATURE), webhook.body()))
                .isTrue();
        assertThat(webhook.headers()).containsEntry(Payloads.TIMESTAMP, String.valueOf(NOW.getEpochSecond()));
        assertThat(new WebhookSignature("another-secret-entirely").matches(
                webhook.headers().get(Payloads.SIGNATURE), webhook.body())).isFalse();
    }

    @Test
    void cloudEventsStructuredModeCarriesTheCdEventInTheBody() throws IOException {
        Outgoing structured = Payloads.build(target(TargetType.CLOUDEVENTS, CloudEventsMode.STRUCTURED), release,
                NOW);

        assertGolden("cloudevents-structured.json", structured);
        assertThat(structured.headers()).containsEntry("Content-Type", "application/cloudevents+json");
    }

    @Test
    void cloudEventsBinaryModeCarriesTheAttributesAsHeaders() throws IOException {
        Outgoing binary = Payloads.build(target(TargetType.CLOUDEVENTS, CloudEventsMode.BINARY), release, NOW);

        assertGolden("cloudevents-binary-data.json", binary);
        assertThat(binary.headers()).containsEntry("ce-specversion", "1.0")
                .containsEntry("ce-id", NoticeSamples.EVENT_ID)
                .containsEntry("ce-type", "dev.cdevents.service.deployed.0.2.0")
                .containsEntry("ce-source", "/shiplog/cluster-applier")
                .containsEntry("Content-Type", "application/json");
    }

    @Test
    void withoutAWebBaseUrlNoLinkIsShown() {
        Notice unlinked = NoticeSamples.notice(null);

        assertThat(Payloads.build(target(TargetType.SLACK, CloudEventsMode.STRUCTURED), unlinked, NOW).text())
                .doesNotContain("/ui/#/releases/").doesNotContain("View release trace");
    }

    private static Target target(TargetType type, CloudEventsMode mode) {
        return new Target("t", type, "https://hooks.test/x", SECRET, mode, 60, 10);
    }

    private static void assertGolden(String name, Outgoing outgoing) throws IOException {
        JsonNode actual = JSON.readTree(outgoing.body());
        JsonNode expected;
        try (InputStream in = PayloadsTest.class.getResourceAsStream("/notify/" + name)) {
            expected = in == null ? null : JSON.readTree(in);
        }
        if (!actual.equals(expected)) {
            Path written = Path.of("target", "golden-actual", name);
            Files.createDirectories(written.getParent());
            Files.writeString(written, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
        }
        assertThat(actual).as("%s (actual written to target/golden-actual)", name).isEqualTo(expected);
    }
}
