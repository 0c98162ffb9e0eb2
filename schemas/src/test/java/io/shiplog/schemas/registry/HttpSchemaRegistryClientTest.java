package io.shiplog.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shiplog.local.support.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The registry client against a plain in-memory fake registry (and against sockets that misbehave). */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard that turns a hang into a failure, not a speed check
class HttpSchemaRegistryClientTest {

    private static final Schema V1 = SchemaBuilder.record("Thing").namespace("io.shiplog.test").fields()
            .requiredString("name").endRecord();
    private static final Schema V2 = SchemaBuilder.record("Thing").namespace("io.shiplog.test").fields()
            .requiredString("name").optionalString("colour").endRecord();
    private static final Schema V2_WITHOUT_DEFAULT = SchemaBuilder.record("Thing").namespace("io.shiplog.test")
            .fields().requiredString("name").requiredInt("size").endRecord();

    private final FakeSchemaRegistry registry = new FakeSchemaRegistry();

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private static HttpSchemaRegistryClient client(String url, Object... keyValues) {
        Map<String, Object> configs = new HashMap<>();
        configs.put(RegistryConfig.URL, url);
        configs.put(RegistryConfig.RETRIES_WAIT_MS, "10");
        for (int i = 0; i < keyValues.length; i += 2) {
            configs.put((String) keyValues[i], keyValues[i + 1]);
        }
        return HttpSchemaRegistryClient.fromConfigs(configs);
    }

    @Test
    void registersSchemaWithConfluentContentTypeAndAnswersRepeatsFromTheCache() {
        HttpSchemaRegistryClient client = client(registry.url());

        int id = client.register("things-value", V1);
        int again = client.register("things-value", V1);

        assertThat(again).isEqualTo(id);
        assertThat(registry.requests()).hasSize(1);
        assertThat(registry.requests().get(0).toString()).isEqualTo("POST /subjects/things-value/versions");
        assertThat(registry.requests().get(0).contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void looksUpTheIdOfARegisteredSchemaOnceThenFromTheCache() {
        int id = registry.preRegister("things-value", V1);
        HttpSchemaRegistryClient client = client(registry.url());

        assertThat(client.idOf("things-value", V1)).isEqualTo(id);
        assertThat(client.idOf("things-value", V1)).isEqualTo(id);
        assertThat(registry.requests()).extracting(Object::toString).containsExactly("POST /subjects/things-value");
    }

    @Test
    void reportsAnUnregisteredSchemaAsNotFoundWithConfluentsErrorCode() {
        registry.preRegister("things-value", V1);
        HttpSchemaRegistryClient client = client(registry.url());

        RegistryException error = catchThrowableOfType(() -> client.idOf("things-value", V2),
                RegistryException.class);

        assertThat(error.httpStatus()).isEqualTo(404);
        assertThat(error.errorCode()).isEqualTo(RegistryException.SCHEMA_NOT_FOUND);
        assertThat(error).hasMessageContaining("error 40403: Schema not found")
                .hasMessageContaining(registry.url());
    }

    @Test
    void fetchesASchemaByIdOnceThenFromTheCache() {
        int id = registry.preRegister("things-value", V1);
        HttpSchemaRegistryClient client = client(registry.url());

        assertThat(client.schemaById(id)).isEqualTo(V1);
        assertThat(client.schemaById(id)).isEqualTo(V1);
        assertThat(registry.requests()).extracting(Object::toString).containsExactly("GET /schemas/ids/" + id);
    }

    @Test
    void reportsAnUnknownIdAsNotFound() {
        HttpSchemaRegistryClient client = client(registry.url());

        RegistryException error = catchThrowableOfType(() -> client.schemaById(99), RegistryException.class);

        assertThat(error.isNotFound()).isTrue();
        assertThat(error.errorCode()).isEqualTo(40403);
    }

    @Test
    void reusesTheLatestVersionUntilItsTimeToLivePasses() {
        registry.preRegister("things-value", V1);
        AtomicLong nanos = new AtomicLong();
        Map<String, Object> configs = Map.of(RegistryConfig.URL, registry.url(),
                RegistryConfig.LATEST_CACHE_TTL_SEC, 30);
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistryConfig.from(configs), nanos::get);

        RegisteredSchema first = client.latest("things-value");
        int v2 = registry.preRegister("things-value", V2);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(29));
        RegisteredSchema cached = client.latest("things-value");
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        RegisteredSchema refreshed = client.latest("things-value");

        assertThat(first.version()).isEqualTo(1);
        assertThat(cached).isEqualTo(first);
        assertThat(refreshed.version()).isEqualTo(2);
        assertThat(refreshed.id()).isEqualTo(v2);
        assertThat(refreshed.schema()).isEqualTo(V2);
        assertThat(registry.requestCount()).isEqualTo(2);
    }

    @Test
    void checksCompatibilityAndGivesTheReasonsForARefusal() {
        registry.preRegister("things-value", V1);
        HttpSchemaRegistryClient client = client(registry.url());

        assertThat(client.checkCompatibility("things-value", V2).compatible()).isTrue();
        CompatibilityResult refused = client.checkCompatibility("things-value", V2_WITHOUT_DEFAULT);
        assertThat(refused.compatible()).isFalse();
        assertThat(refused.messages()).isNotEmpty();
        assertThat(registry.requests().get(0).toString())
                .isEqualTo("POST /compatibility/subjects/things-value/versions/latest");
    }

    @Test
    void readsAndUpdatesGlobalAndSubjectCompatibility() {
        HttpSchemaRegistryClient client = client(registry.url());

        assertThat(client.compatibility()).isEqualTo("BACKWARD");
        assertThat(client.compatibility("things-value")).isEmpty();
        client.updateCompatibility("FULL");
        client.updateCompatibility("things-value", "NONE");

        assertThat(client.compatibility()).isEqualTo("FULL");
        assertThat(client.compatibility("things-value")).contains("NONE");
    }

    @Test
    void encodesSubjectsInThePath() {
        HttpSchemaRegistryClient client = client(registry.url());

        client.register("odd subject/name", V1);

        assertThat(registry.requests().get(0).path()).isEqualTo("/subjects/odd%20subject%2Fname/versions");
    }

    @Test
    void failsOverToTheNextUrlWhenTheFirstRefusesConnections() {
        String down = "http://127.0.0.1:" + Ports.freePort();
        HttpSchemaRegistryClient client = client(down + " , " + registry.url());

        int id = client.register("things-value", V1);

        assertThat(client.schemaById(id)).isEqualTo(V1);
        assertThat(client.describe()).isEqualTo(down + "," + registry.url());
    }

    @Test
    void retriesA5xxAnswerAndThenSucceeds() {
        registry.failNext(2, 503);
        HttpSchemaRegistryClient client = client(registry.url(), RegistryConfig.MAX_RETRIES, 2);

        client.register("things-value", V1);

        assertThat(registry.requestCount()).isEqualTo(3);
    }

    @Test
    void givesUpOn5xxAfterTheRetriesWithConfluentsErrorCode() {
        registry.failNext(10, 500);
        HttpSchemaRegistryClient client = client(registry.url(), RegistryConfig.MAX_RETRIES, 2);

        RegistryException error = catchThrowableOfType(() -> client.register("things-value", V1),
                RegistryException.class);

        assertThat(registry.requestCount()).isEqualTo(3);
        assertThat(error.httpStatus()).isEqualTo(500);
        assertThat(error.errorCode()).isEqualTo(50001);
        assertThat(error).hasMessageContaining("Simulated failure").hasMessageContaining("gave up after 3 attempts");
    }

    @Test
    void doesNotRetryA4xxAnswer() {
        HttpSchemaRegistryClient client = client(registry.url(), RegistryConfig.MAX_RETRIES, 2);

        assertThatThrownBy(() -> client.latest("missing-value")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("error 40401");
        assertThat(registry.requestCount()).isEqualTo(1);
    }

    @Test
    void failsFastWhenTheRegistryIsDown() {
        String down = "http://127.0.0.1:" + Ports.freePort();
        HttpSchemaRegistryClient client = client(down, RegistryConfig.MAX_RETRIES, 1);

        RegistryException error = catchThrowableOfType(() -> client.schemaById(1), RegistryException.class);

        assertThat(error.isNoAnswer()).isTrue();
        assertThat(error).hasMessageContaining("schema registry " + down + " is unreachable (GET /schemas/ids/1)")
                .hasMessageContaining("gave up after 2 attempts");
    }

    @Test
    void failsWithinTheRequestTimeoutWhenTheRegistryNeverAnswers() throws Exception {
        // the kernel completes connections into the backlog; nobody ever reads or answers
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            HttpSchemaRegistryClient client = client(url, RegistryConfig.READ_TIMEOUT_MS, 300,
                    RegistryConfig.MAX_RETRIES, 3);

            RegistryException error = catchThrowableOfType(() -> client.schemaById(1), RegistryException.class);

            assertThat(error.isNoAnswer()).isTrue();
            assertThat(error).hasMessage("schema registry " + url + " did not answer GET /schemas/ids/1 within 300 ms");
        }
    }

    @Test
    void rejectsAnAnswerThatIsNotJson() {
        registry.answerGarbage(true);
        HttpSchemaRegistryClient client = client(registry.url());

        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("with HTTP 200 and a body that is not JSON: '<html>this is not json</html>'");
        assertThat(registry.requestCount()).isEqualTo(1);
    }

    @Test
    void sendsBasicAuthFromUserInfoConfig() {
        registry.requireBasicAuth("alice", "s3cret-pw");
        HttpSchemaRegistryClient client = client(registry.url(), RegistryConfig.BASIC_AUTH_SOURCE, "USER_INFO",
                RegistryConfig.USER_INFO, "alice:s3cret-pw");

        client.register("things-value", V1);

        assertThat(registry.requests().get(0).authorization()).startsWith("Basic ");
    }

    @Test
    void sendsBasicAuthFromTheUrlAndKeepsThePasswordOutOfMessages() {
        registry.requireBasicAuth("alice", "s3cret-pw");
        HttpSchemaRegistryClient good = client(registry.url("alice:s3cret-pw"));
        HttpSchemaRegistryClient bad = client(registry.url("alice:wrong-pw"));

        good.register("things-value", V1);
        RegistryException error = catchThrowableOfType(() -> bad.register("things-value", V2),
                RegistryException.class);

        assertThat(error.httpStatus()).isEqualTo(401);
        assertThat(error.getMessage()).contains(registry.url()).doesNotContain("wrong-pw").doesNotContain("alice");
        assertThat(good.toString()).doesNotContain("s3cret-pw");
        assertThat(good.describe()).isEqualTo(registry.url());
    }

    @Test
    void sendsABearerToken() {
        HttpSchemaRegistryClient client = client(registry.url(), RegistryConfig.BEARER_AUTH_SOURCE, "STATIC_TOKEN",
                RegistryConfig.BEARER_TOKEN, "tok-123");

        client.register("things-value", V1);

        assertThat(registry.requests().get(0).authorization()).isEqualTo("Bearer tok-123");
    }
}
