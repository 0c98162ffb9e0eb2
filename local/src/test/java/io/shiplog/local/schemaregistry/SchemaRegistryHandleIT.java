package io.shiplog.local.schemaregistry;

import io.shiplog.local.junit.SchemaRegistryExtension;
import static io.shiplog.local.schemaregistry.AvroRecords.STRING;
import static io.shiplog.local.schemaregistry.AvroRecords.field;
import static io.shiplog.local.schemaregistry.AvroRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.junit.KafkaBrokerExtension;
import io.shiplog.local.schemaregistry.RegistryClient.Reply;
import io.shiplog.local.support.Ports;
import io.shiplog.local.support.StartupLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The testkit handle: shared instance, start on a given port, basic auth, clean shutdown. */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class SchemaRegistryHandleIT {

    @Test
    void extensionInjectsOneSharedRegistryThatAnswers(SchemaRegistry injected) {
        assertThat(injected).isSameAs(SchemaRegistry.shared());
        assertThat(injected.url()).startsWith("http://127.0.0.1:");
        assertThat(new RegistryClient(injected.url()).get("/").status()).isEqualTo(200);
        assertThat(StartupLog.times()).containsKey("schema-registry");
    }

    @Test
    void startsOnTheGivenPortAndFreesItWhenClosed(KafkaBroker kafka) {
        int port = Ports.freePort();
        String url;
        try (SchemaRegistry registry = SchemaRegistry.start(kafka.bootstrapServers(), port)) {
            url = registry.url();
            assertThat(url).isEqualTo("http://127.0.0.1:" + port);
            assertThat(new RegistryClient(url).get("/subjects").status()).isEqualTo(200);
        }
        assertThatThrownBy(() -> new RegistryClient(url).get("/")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void basicAuthRefusesRequestsWithoutTheRightCredentials(KafkaBroker kafka) {
        PrintStream previous = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StartupLog.printTo(new PrintStream(printed, true, StandardCharsets.UTF_8));
        EmbeddedSchemaRegistry registry;
        try {
            registry = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers())
                    .topic("_schemas-auth-" + UUID.randomUUID()).basicAuth("ci", "s3cret-pass").start();
        } finally {
            StartupLog.printTo(previous);
        }
        try (registry) {
            RegistryClient anonymous = new RegistryClient(registry.url());
            Reply refused = anonymous.get("/subjects");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.errorCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("Basic"));
            assertThat(anonymous.withBasicAuth("ci", "wrong").get("/subjects").status()).isEqualTo(401);
            assertThat(anonymous.register("auth-value", record("A", field("id", STRING))).status()).isEqualTo(401);

            RegistryClient authorized = anonymous.withBasicAuth("ci", "s3cret-pass");
            assertThat(authorized.register("auth-value", record("A", field("id", STRING))).status()).isEqualTo(200);
            assertThat(authorized.get("/subjects").json().toString()).isEqualTo("[\"auth-value\"]");

            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("schema-registry ready")
                    .doesNotContain("s3cret-pass");
            assertThat(registry.toString()).doesNotContain("s3cret-pass");
        }
    }
}
