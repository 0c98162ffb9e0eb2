package io.shiplog.auditor.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.auditor.support.RunningAuditor;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyStatus;
import io.shiplog.schemas.testing.TestKafka;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications from the real drift-auditor, following the real broker, to a real local HTTP receiver: what each
 * target receives for a release, retries, a dead receiver, and redelivered events.
 */
class NotificationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SECRET = "it-hmac-secret-" + UUID.randomUUID();
    private static final String WEB = "https://shiplog.acme.test";

    @TempDir
    Path dir;
    private Receiver receiver;
    private RunningAuditor auditor;

    @BeforeEach
    void receive() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() throws Exception {
        if (auditor != null) {
            auditor.close();
        }
        receiver.close();
    }

    @Test
    void aReleaseReachesEveryTargetOnceWhileDeadReceiversHangOrRefuseAndAFlakyOneGetsItAfterARetry()
            throws Exception {
        String cluster = "prod-" + UUID.randomUUID().toString().substring(0, 8);
        auditor = start("notify-it-" + UUID.randomUUID(),
                target(0, "dead", "webhook", receiver.hangingUrl()),
                target(1, "slack", "slack", receiver.url("/slack")),
                target(2, "teams", "teams", receiver.url("/teams")),
                target(3, "hook", "webhook", receiver.url("/hook")),
                target(4, "ce", "cloudevents", receiver.url("/ce")),
                target(5, "flaky", "slack", receiver.url("/flaky")),
                target(6, "refused", "teams", Receiver.refusedUrl()),
                "--shiplog.notifications.timeout=10m",
                "--shiplog.notifications.retry.initial=200ms",
                "--shiplog.notifications.retry.max=10m",
                "--shiplog.notifications.rules[0].events[0]=ApplyCompleted",
                "--shiplog.notifications.rules[0].clusters[0]=" + cluster,
                "--shiplog.notifications.rules[0].targets=dead,refused,slack,teams,hook,ce,flaky");
        String eventId = UUID.randomUUID().toString();

        TestKafka.send(TopicCatalogue.APPLIES, cluster, NoticeSamples.release(eventId, cluster, ApplyStatus.SUCCEEDED));

        await().atMost(WAIT).until(() -> List.of("/slack", "/teams", "/hook", "/ce").stream()
                .allMatch(path -> !receiver.at(path).isEmpty()) && receiver.at("/flaky").size() == 2);
        MeterRegistry meters = auditor.context().getBean(MeterRegistry.class);
        assertThat(meters.counter("shiplog.notifications.sent", "target", "dead").count())
                .as("the dead receiver still holds its delivery").isZero();
        assertThat(meters.counter("shiplog.notifications.failed", "target", "dead").count()).isZero();
        assertThat(meters.counter("shiplog.notifications.sent", "target", "flaky").count()).isEqualTo(1.0);
        assertThat(meters.counter("shiplog.notifications.retries", "target", "flaky").count()).isEqualTo(1.0);

        for (String path : List.of("/slack", "/teams", "/hook", "/ce")) {
            assertThat(receiver.at(path)).as(path).hasSize(1);
            assertThat(receiver.at(path).get(0).header(Payloads.EVENT_ID)).isEqualTo(eventId);
        }
        String link = WEB + "/ui/#/releases/" + NoticeSamples.RELEASE_ID;
        String slack = receiver.at("/slack").get(0).body();
        assertThat(slack).contains("\"blocks\"").contains("Released ghcr.io/acme/shop:1.4.3 to " + cluster)
                .contains(NoticeSamples.SHA.substring(0, 12)).contains(link);
        JsonNode teams = JSON.readTree(receiver.at("/teams").get(0).body());
        assertThat(teams.path("attachments").get(0).path("contentType").asText())
                .isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(teams.path("attachments").get(0).path("content").toString()).contains(NoticeSamples.IMAGE)
                .contains(cluster).contains(link);

        Receiver.Request hook = receiver.at("/hook").get(0);
        byte[] body = hook.body().getBytes(StandardCharsets.UTF_8);
        assertThat(new WebhookSignature(SECRET).matches(hook.header(Payloads.SIGNATURE), body)).isTrue();
        JsonNode webhook = JSON.readTree(body);
        assertThat(webhook.path("sentAt").asText()).isEqualTo(hook.header(Payloads.TIMESTAMP));
        assertThat(webhook.path("images").get(0).asText()).isEqualTo(NoticeSamples.IMAGE);
        assertThat(webhook.path("commit").asText()).isEqualTo(NoticeSamples.SHA);
        assertThat(webhook.path("clusters").get(0).asText()).isEqualTo(cluster);
        assertThat(webhook.path("release").path("link").asText()).isEqualTo(link);

        Receiver.Request ce = receiver.at("/ce").get(0);
        assertThat(ce.header("Content-Type")).isEqualTo("application/cloudevents+json");
        JsonNode cloud = JSON.readTree(ce.body());
        assertThat(cloud.path("type").asText()).isEqualTo("dev.cdevents.service.deployed.0.2.0");
        assertThat(cloud.path("data").path("subject").path("content").path("environment").path("id").asText())
                .isEqualTo(cluster);
        assertThat(receiver.all().toString()).doesNotContain(SECRET);

        // the refused receiver failed after its five attempts, and is now taken as down: the next release fails
        // there at once, without retries, and reaches the others
        await().atMost(WAIT).until(() -> meters.counter("shiplog.notifications.failed", "target", "refused")
                .count() == 1.0);
        assertThat(meters.counter("shiplog.notifications.retries", "target", "refused").count()).isEqualTo(4.0);
        String next = UUID.randomUUID().toString();
        TestKafka.send(TopicCatalogue.APPLIES, cluster, NoticeSamples.release(next, cluster, ApplyStatus.SUCCEEDED));
        await().atMost(WAIT).until(() -> receiver.at("/slack").size() == 2 && meters.counter(
                "shiplog.notifications.failed", "target", "refused").count() == 2.0);
        assertThat(meters.counter("shiplog.notifications.retries", "target", "refused").count()).isEqualTo(4.0);
        assertThat(receiver.at("/slack").get(1).header(Payloads.EVENT_ID)).isEqualTo(next);
    }

    @Test
    void aRedeliveredEventIsNotSentTwiceNorAgainAfterARestart() throws Exception {
        String cluster = "stage-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "notify-it-" + UUID.randomUUID();
        String[] settings = {
                target(0, "slack", "slack", receiver.url("/slack")),
                "--shiplog.notifications.rules[0].clusters[0]=" + cluster,
                "--shiplog.notifications.rules[0].targets=slack"};
        auditor = start(group, settings);
        ApplyEvent first = NoticeSamples.release(UUID.randomUUID().toString(), cluster, ApplyStatus.SUCCEEDED);
        ApplyEvent second = NoticeSamples.release(UUID.randomUUID().toString(), cluster, ApplyStatus.FAILED);

        TestKafka.send(TopicCatalogue.APPLIES, cluster, first);
        TestKafka.send(TopicCatalogue.APPLIES, cluster, first);
        TestKafka.send(TopicCatalogue.APPLIES, cluster, second);
        await().atMost(WAIT).until(() -> eventIds().contains(second.getMeta().getEventId()));
        assertThat(eventIds()).containsExactly(first.getMeta().getEventId(), second.getMeta().getEventId());

        auditor.close();
        auditor = start(group, settings);
        ApplyEvent third = NoticeSamples.release(UUID.randomUUID().toString(), cluster, ApplyStatus.SUCCEEDED);
        TestKafka.send(TopicCatalogue.APPLIES, cluster, third);
        await().atMost(WAIT).until(() -> eventIds().contains(third.getMeta().getEventId()));

        assertThat(eventIds()).containsExactly(first.getMeta().getEventId(), second.getMeta().getEventId(),
                third.getMeta().getEventId());
    }

    private List<String> eventIds() {
        List<String> ids = new ArrayList<>();
        receiver.at("/slack").forEach(r -> ids.add(r.header(Payloads.EVENT_ID)));
        return ids;
    }

    private RunningAuditor start(String group, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--shiplog.notifications.group=" + group,
                "--shiplog.notifications.web-base-url=" + WEB));
        for (String setting : settings) {
            args.addAll(List.of(setting.split(",(?=--)")));
        }
        return RunningAuditor.start(dir, args.toArray(String[]::new));
    }

    private static String target(int index, String name, String type, String url) {
        String at = "--shiplog.notifications.targets[" + index + "].";
        return at + "name=" + name + "," + at + "type=" + type + "," + at + "url=" + url
                + (type.equals("webhook") ? "," + at + "secret=" + SECRET : "");
    }
}
