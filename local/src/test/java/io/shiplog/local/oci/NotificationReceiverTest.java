package io.shiplog.local.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationReceiverTest {

    private static final String ENVELOPE = """
            {"events": [
              {"id": "e1", "timestamp": "2026-11-28T03:00:16.514761147Z", "action": "push",
               "target": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 248,
                          "digest": "sha256:aa", "repository": "team/app", "tag": "v1",
                          "url": "http://127.0.0.1:5000/v2/team/app/manifests/sha256:aa"},
               "request": {"method": "PUT"}, "actor": {"name": "shiplog"}},
              {"id": "e2", "timestamp": "2026-11-28T03:00:17Z", "action": "delete",
               "target": {"repository": "team/app", "tag": "v0"}, "request": {"method": "DELETE"}}
            ]}
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private NotificationReceiver receiver;

    @BeforeEach
    void start() {
        receiver = NotificationReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void recordsEveryEventOfAnEnvelopeWithTheRequestHeaders() throws Exception {
        HttpResponse<Void> response = post(ENVELOPE);

        assertThat(response.statusCode()).isEqualTo(200);
        RegistryEvent push = receiver.await(RegistryEvent.pushOf("team/app", "v1", "sha256:aa"), Duration.ofSeconds(5));
        assertThat(push.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(push.size()).isEqualTo(248);
        assertThat(push.timestamp()).isEqualTo(Instant.parse("2026-11-28T03:00:16.514761147Z"));
        assertThat(push.actor()).isEqualTo("shiplog");
        assertThat(push.requestMethod()).isEqualTo("PUT");
        assertThat(push.header("x-hook-secret")).hasValue("hunter2");
        assertThat(push.toString()).containsIgnoringCase("x-hook-secret").doesNotContain("hunter2");
        RegistryEvent delete = receiver.await(RegistryEvent.deleteOf("team/app", "v0"), Duration.ofSeconds(5));
        assertThat(delete.digest()).isNull();
        assertThat(receiver.received()).extracting(RegistryEvent::id).containsExactly("e1", "e2");
    }

    @Test
    void answers400ToABodyThatIsNotAnEventEnvelopeAndRecordsNothing() throws Exception {
        assertThat(post("{\"not\": \"events\"}").statusCode()).isEqualTo(400);
        assertThat(post("garbage").statusCode()).isEqualTo(400);
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void failsAwaitingWithASummaryOfWhatArrived() throws Exception {
        post(ENVELOPE);
        receiver.await(event -> true, Duration.ofSeconds(5));

        assertThatThrownBy(() -> receiver.await(RegistryEvent.pushOf("team/app", "v9"), Duration.ofMillis(200)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("received 2")
                .hasMessageContaining("push team/app:v1@sha256:aa")
                .hasMessageNotContaining("hunter2");
    }

    private HttpResponse<Void> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(receiver.url())
                .header("Content-Type", RegistryEvent.MEDIA_TYPE)
                .header("X-Hook-Secret", "hunter2")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }
}
