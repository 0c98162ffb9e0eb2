package io.shiplog.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicSpec;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What {@code shiplog dev} starts: real Kafka, the registry, the topics and four services answering health and metrics. */
class DevEnvironmentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static DevEnvironment dev;

    /** Everything written to standard output (where the services log) while the environment runs. */
    private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();
    private static PrintStream originalOut;

    @BeforeAll
    static void start() {
        originalOut = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                originalOut.write(b);
                synchronized (LOGS) {
                    LOGS.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                originalOut.write(b, off, len);
                synchronized (LOGS) {
                    LOGS.write(b, off, len);
                }
            }
        }, true));
        dev = DevEnvironment.start(DevOptions.ephemeral());
    }

    @AfterAll
    static void stop() {
        dev.close();
        System.setOut(originalOut);
    }

    @Test
    void everyApiAnswersWithTheGeneratedTokenOnlyAndNoLogLineShowsIt() throws Exception {
        String token = dev.apiToken();
        assertThat(token).hasSizeGreaterThanOrEqualTo(16);
        assertThat(dev.apiTokenFile()).hasValueSatisfying(file -> assertThat(file).content().isEqualTo(token));
        URI status = dev.serviceUrls().get("drift-auditor").resolve("/api/v1/store/status");

        assertThat(get(status).statusCode()).isEqualTo(401);
        HttpResponse<String> authorised = HTTP.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(authorised.statusCode()).isEqualTo(200);
        for (URI api : List.of(dev.serviceUrls().get("cluster-applier").resolve("/clusters"),
                dev.serviceUrls().get("git-writer").resolve("/status"))) {
            assertThat(get(api).statusCode()).as(api.toString()).isEqualTo(401);
            assertThat(HTTP.send(HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as(api.toString()).isEqualTo(200);
        }
        StringWriter err = new StringWriter();
        int exit = DevMain.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).execute("audit", "state", "--cluster", "nowhere", "--url",
                        dev.serviceUrls().get("drift-auditor").toString(), "--token", token);
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cluster 'nowhere' is not in the release log");
        String logs;
        synchronized (LOGS) {
            logs = LOGS.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(logs).contains("DriftAuditorApplication").doesNotContain(token);
    }

    @Test
    void startsTheFourServices() {
        assertThat(dev.serviceUrls()).containsOnlyKeys("registry-scanner", "git-writer", "cluster-applier",
                "drift-auditor");
    }

    @Test
    void everyServiceReportsItselfKafkaAndTheRegistryUp() throws Exception {
        for (var service : dev.serviceUrls().entrySet()) {
            HttpResponse<String> health = get(service.getValue().resolve("/actuator/health"));

            assertThat(health.statusCode()).as("%s health", service.getKey()).isEqualTo(200);
            JsonNode body = JSON.readTree(health.body());
            assertThat(body.path("status").asText()).as("%s status", service.getKey()).isEqualTo("UP");
            assertThat(body.at("/components/kafka/status").asText()).isEqualTo("UP");
            assertThat(body.at("/components/kafka/details/brokers").asInt()).isEqualTo(1);
            assertThat(body.at("/components/schemaRegistry/status").asText()).isEqualTo("UP");
            assertThat(get(service.getValue().resolve("/actuator/health/readiness")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void everyServiceExposesPrometheusMetrics() throws Exception {
        for (var service : dev.serviceUrls().entrySet()) {
            HttpResponse<String> metrics = get(service.getValue().resolve("/actuator/prometheus"));

            assertThat(metrics.statusCode()).as("%s metrics", service.getKey()).isEqualTo(200);
            assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge").contains("process_uptime_seconds");
        }
    }

    @Test
    void theReleaseLogTopicsExistAndTheRegistryAnswers() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", dev.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get())
                    .containsAll(TopicCatalogue.all().stream().map(TopicSpec::name).toList());
        }
        HttpResponse<String> config = get(URI.create(dev.registryUrl() + "/config"));
        assertThat(config.body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
