package io.shiplog.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.dev.demo.DemoState;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.local.kafka.TopicTail;
import io.shiplog.schemas.serde.AvroSerdeConfig;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code shiplog dev --once} as a user runs it (its own JVM) on a clean data directory, then a second start of the
 * same directory: the release is there once, nothing is released again, and the audit store resumes instead of
 * rebuilding.
 */
class DevOnceIT {

    private static final Pattern SUMMARY = Pattern.compile(
            "demo: tag=1\\.1\\.0 commit=([0-9a-f]{40}) clusters=2 push_to_applied_ms=(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void onceReleasesTheDemoAndASecondStartOfTheSameDirectoryResumesWithoutReleasingAgain() throws Exception {
        Path data = dir.resolve("shiplog-dev");
        Path output = dir.resolve("once.out");
        Process once = new ProcessBuilder(javaCommand("dev", "--once", "--data-dir", data.toString(),
                "--kafka-port", "0", "--schema-registry-port", "0", "--service-port", "0", "--registry-port", "0",
                "--git-port", "0")).redirectOutput(output.toFile()).redirectError(dir.resolve("once.err").toFile())
                .start();
        assertThat(once.waitFor(5, TimeUnit.MINUTES)).as("shiplog dev --once finished").isTrue();
        List<String> lines = Files.readAllLines(output);
        assertThat(once.exitValue()).as(String.join("\n", lines)).isZero();
        var summary = SUMMARY.matcher(lines.get(lines.size() - 1));
        assertThat(summary.matches()).as(lines.get(lines.size() - 1)).isTrue();
        String commit = summary.group(1);
        assertThat(DemoState.read(data.resolve("demo.properties")).released()).containsExactly("1.0.0", "1.1.0");

        try (DevEnvironment again = DevEnvironment.start(DevOptions.ephemeral().withDataDir(data));
             TopicTail commits = TopicTail.fromBeginning(again.bootstrapServers(), Map.of(
                     "value.deserializer", ShiplogAvroDeserializer.class.getName(), "schema.registry.url",
                     again.registryUrl(), AvroSerdeConfig.SPECIFIC_AVRO_READER, true),
                     List.of(TopicCatalogue.COMMITS.name()))) {
            long logged = recordsInTheLog(again.bootstrapServers());
            JsonNode status = await("the audit store is live again").atMost(Duration.ofMinutes(2))
                    .until(() -> storeStatus(again), s -> s != null && s.path("state").asString().equals("LIVE"));

            assertThat(status.path("rebuilds").asLong()).isZero();
            assertThat(status.path("eventsProjected").asLong()).as("events projected after the restart, of "
                    + logged + " in the log").isLessThan(logged / 2);
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(commits.values(CommitEvent.class, e -> e.getPayload() instanceof ManifestsCommitted))
                            .singleElement().satisfies(e -> assertThat(((ManifestsCommitted) e.getPayload())
                                    .getSha()).isEqualTo(commit)));
            assertThat(DemoState.read(data.resolve("demo.properties")).released()).containsExactly("1.0.0",
                    "1.1.0");
        }
    }

    private static List<String> javaCommand(String... args) {
        // logs on standard error as ./shiplog has them (the test class path's logback-test.xml writes to stdout)
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dlogback.configurationFile=logback.xml", "-Dlogging.config=classpath:logback.xml", "-cp", System.getProperty("java.class.path"),
                DevMain.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static long recordsInTheLog(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
            for (var topic : admin.describeTopics(TopicCatalogue.all().stream().map(t -> t.name()).toList())
                    .allTopicNames().get().values()) {
                topic.partitions().forEach(p -> ends.put(new TopicPartition(topic.name(), p.partition()),
                        OffsetSpec.latest()));
            }
            return admin.listOffsets(ends).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static JsonNode storeStatus(DevEnvironment env) throws IOException, InterruptedException {
        URI url = env.serviceUrls().get("drift-auditor").resolve("/api/v1/store/status");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer "
                + env.apiToken()).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }
}
