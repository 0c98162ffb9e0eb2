package io.shiplog.applier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.applier.cluster.ClusterWorkers;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.schemas.testing.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The applier's API behind bearer tokens, over real HTTP: who may read, that no token suspends a cluster over HTTP,
 * what a cross-site form post gets, and what stays open (health, Prometheus).
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiSecurityIT {

    private static final String CLUSTER = "api-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String SUSPEND = "/clusters/" + CLUSTER + "/suspend";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningApplier applier;

    @BeforeAll
    static void startApplier() {
        ConfigRepo repo = ConfigRepo.create(GitServer.shared(), "api", TestKafka.events());
        applier = RunningApplier.start(Map.of("api", repo.url()),
                List.of(ClusterConfig.of(CLUSTER, "api", KubeCluster.shared().kubeconfigPath(), "apps")),
                "--shiplog.http.max-body-bytes=4096");
    }

    @AfterAll
    static void stopApplier() {
        applier.close();
    }

    @Test
    void withoutATokenSuspendIsUnauthorizedAndTheClusterIsNotSuspended() throws Exception {
        HttpResponse<String> response = send(post(SUSPEND));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"shiplog\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"status\":401,\"error\":\"Unauthorized\",\"message\":"
                + "\"an Authorization: Bearer token is required\",\"path\":\"" + SUSPEND + "\"}");
        assertThat(suspended()).isFalse();
    }

    @Test
    void aCrossSiteFormPostCannotSuspendACluster() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url(SUSPEND))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://attacker.example")
                .POST(HttpRequest.BodyPublishers.ofString("confirm=yes")));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(suspended()).isFalse();
    }

    @Test
    void aReadTokenListsTheClustersButCannotSuspendOne() throws Exception {
        HttpResponse<String> list = send(get("/clusters").header("Authorization", "Bearer " + RunningApplier.READ_TOKEN));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"" + CLUSTER + "\"");
        HttpResponse<String> head = send(HttpRequest.newBuilder(url("/clusters/" + CLUSTER))
                .header("Authorization", "Bearer " + RunningApplier.READ_TOKEN)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = send(get("/clusters/nowhere")
                .header("Authorization", "Bearer " + RunningApplier.READ_TOKEN));
        assertThat(unknown.statusCode()).as("an authenticated error keeps its own status").isEqualTo(404);

        HttpResponse<String> suspend = send(post(SUSPEND).header("Authorization", "Bearer " + RunningApplier.READ_TOKEN));

        assertThat(suspend.statusCode()).isEqualTo(403);
        assertThat(suspend.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).contains("insufficient_scope"));
        assertThat(suspend.body()).contains("\"status\":403").contains("\"error\":\"Forbidden\"")
                .contains("the token 'dashboards' may only read (GET, HEAD); POST needs a token with role write");
        assertThat(suspended()).isFalse();
    }

    @Test
    void theClustersApiIsReadOnlyEvenForAWriteToken() throws Exception {
        // suspend and resume are commands on the log now (shiplog suspend|resume cluster), recorded with who asked
        HttpResponse<String> suspend = send(post(SUSPEND)
                .header("Authorization", "Bearer " + RunningApplier.WRITE_TOKEN));
        assertThat(suspend.statusCode()).isEqualTo(404);
        assertThat(suspended()).isFalse();

        HttpResponse<String> resume = send(post("/clusters/" + CLUSTER + "/resume")
                .header("authorization", "bearer " + RunningApplier.WRITE_TOKEN));
        assertThat(resume.statusCode()).isEqualTo(404);
    }

    @Test
    void aWrongTokenIsUnauthorizedAndNeitherItNorAnyTokenIsLogged(CapturedOutput output) throws Exception {
        String wrong = "wrong-token-" + UUID.randomUUID();
        HttpResponse<String> response = send(post(SUSPEND).header("Authorization", "Bearer " + wrong));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).contains("invalid_token"));
        assertThat(response.body()).contains("\"message\":\"the bearer token is not valid\"").doesNotContain(wrong);
        assertThat(send(post(SUSPEND).header("Authorization", "Basic " + wrong)).statusCode()).isEqualTo(401);
        assertThat(suspended()).isFalse();
        assertThat(output.getAll()).contains("refused POST " + SUSPEND + " from 127.0.0.1: the bearer token is not valid")
                .doesNotContain(wrong).doesNotContain(RunningApplier.WRITE_TOKEN)
                .doesNotContain(RunningApplier.READ_TOKEN);
    }

    @Test
    void healthPrometheusAndInfoAreOpenWithoutAToken() throws Exception {
        assertThat(send(get("/actuator/health/liveness")).statusCode()).isEqualTo(200);
        HttpResponse<String> health = send(get("/actuator/health"));
        assertThat(health.statusCode()).isIn(200, 503);
        assertThat(health.body()).contains("\"status\"");
        HttpResponse<String> prometheus = send(get("/actuator/prometheus"));
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
        assertThat(send(get("/actuator/info")).statusCode()).isEqualTo(200);
        // a scraper that sends some bearer token of its own is not refused on the open endpoints
        assertThat(send(get("/actuator/prometheus").header("Authorization", "Bearer scraper-token-0123456789"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void everyOtherActuatorEndpointNeedsAToken() throws Exception {
        assertThat(send(get("/actuator")).statusCode()).isEqualTo(401);
        assertThat(send(get("/actuator/env")).statusCode()).isEqualTo(401);
    }

    @Test
    void anOversizedBodyIsRefusedBeforeAuthentication() throws Exception {
        HttpResponse<String> response = send(post(SUSPEND).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[8192])));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("shiplog.http.max-body-bytes");
        assertThat(suspended()).isFalse();
    }

    @Test
    void anApplierWithoutAnyTokenRefusesToStartNamingApiTokens() {
        assertThatThrownBy(() -> ClusterApplierApplication.application().run("--server.port=0",
                "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
                "--spring.kafka.properties.schema.registry.url=" + SchemaRegistry.shared().url()))
                .hasStackTraceContaining("cluster-applier serves /clusters, /clusters/{name}, which need a bearer "
                        + "token, and no token is configured: add api.tokens");
    }

    private static boolean suspended() {
        return applier.context().getBean(ClusterWorkers.class).named(CLUSTER).orElseThrow().status().suspended();
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(url(path)).GET();
    }

    private static HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.noBody());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + applier.port() + path);
    }
}
