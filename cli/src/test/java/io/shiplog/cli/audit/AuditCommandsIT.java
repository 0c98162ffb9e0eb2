package io.shiplog.cli.audit;

import static io.shiplog.auditor.support.Story.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.auditor.support.Events;
import io.shiplog.auditor.support.RunningAuditor;
import io.shiplog.auditor.support.Story;
import io.shiplog.cli.CliRun;
import io.shiplog.events.Meta;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code shiplog audit state|where|trace|history|dora|changes} against a running drift-auditor (real broker and
 * registry) whose log holds a known story ({@link Story}): the tables hold the story's rows, and refused requests
 * (401, 404, 400) exit 1 with the API's message.
 */
class AuditCommandsIT {

    private static final Story STORY = new Story();
    /** A cluster whose drift stays open: the story's own drift is resolved. */
    private static final String EDGE = "edge-" + STORY.suffix;
    private static RunningAuditor auditor;

    @BeforeAll
    static void seedAndStart() throws Exception {
        EventSink events = io.shiplog.auditor.support.Kafka.events();
        STORY.publish(events);
        Meta drift = Meta.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(at(Duration.ofDays(3)))
                .setProducer("drift-auditor/test").setCorrelationId(UUID.randomUUID().toString()).build();
        events.send(TopicCatalogue.DRIFT.name(), EDGE, Events.driftDetected(drift, EDGE, STORY.s3, STORY.web,
                "/spec/template/spec/containers/0/image")).get();
        auditor = RunningAuditor.start(Files.createTempDirectory("cli-audit"));
        await("story projected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> audit("state", "--cluster", STORY.prod).out().contains("commit " + STORY.s3));
    }

    @AfterAll
    static void stop() {
        if (auditor != null) {
            auditor.close();
        }
    }

    @Test
    void stateAtATimePrintsTheCommitAndEveryWorkloadsImages() {
        CliRun run = audit("state", "--cluster", STORY.prod, "--at", at(Duration.ofSeconds(120)).toString());

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("cluster " + STORY.prod + " at 2026-11-02T10:02:00Z: commit " + STORY.s1
                + " (applied 2026-11-02T10:02:00Z, SUCCEEDED)");
        assertRow(run, "Deployment", "shop", "web", STORY.image1(), "CONFIGURED", "HEALTHY");
        assertRow(run, "Job", "shop", "old-job", "docker.io/library/busybox:1.36", "UNCHANGED", "HEALTHY");
    }

    @Test
    void whereListsEachClusterWithTagDigestAndSince() {
        CliRun run = audit("where", STORY.repository);

        assertThat(run.status()).isZero();
        assertRow(run, STORY.prod, "Deployment/shop/web", "1.1.0", STORY.d2, "2026-11-03T10:01:30Z");
        assertRow(run, STORY.staging, "Deployment/shop/web", "1.0.0", STORY.d1, "2026-11-02T10:01:40Z");
    }

    @Test
    void traceOfATagPrintsEachStepWithTheTimeSinceThePreviousOne() {
        CliRun run = audit("trace", STORY.repository + ":1.1.0");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("release " + STORY.repository + ":1.1.0 (tag), discovered to last apply: "
                + "90.0s");
        assertRow(run, "discovered", "2026-11-03T10:00:00Z", STORY.repository + ":1.1.0");
        assertRow(run, "committed", "2026-11-03T10:00:30Z", STORY.s3);
        assertRow(run, "applied", "2026-11-03T10:01:00Z", STORY.staging, "APPLY_FAILED", "CLUSTER_UNREACHABLE,",
                "UNKNOWN", "30.0s");
        assertRow(run, "applied", "2026-11-03T10:01:30Z", STORY.prod, "SUCCEEDED,", "HEALTHY", "60.0s");
    }

    @Test
    void historyPrintsTheRangeIncludingItsStartAndExcludingItsEnd() {
        CliRun run = audit("history", "--cluster", STORY.prod, "--from", at(Duration.ofSeconds(120)).toString(),
                "--to", at(Duration.ofHours(2)).toString());

        assertThat(run.status()).isZero();
        assertThat(rows(run)).hasSize(2);
        assertRow(run, "2026-11-02T10:02:00Z", "APPLIED", STORY.s1, "SUCCEEDED");
        assertRow(run, "APPLIED", STORY.s2, "PARTIALLY_FAILED");
        assertThat(run.out()).doesNotContain("DRIFT_DETECTED");
    }

    @Test
    void doraPrintsTheStoryWeeksMetrics() {
        CliRun run = audit("dora", "--from", Story.T0.toString(), "--to", at(Duration.ofDays(7)).toString(),
                "--cluster", STORY.prod);

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains(": 3 deployments").contains("change failure rate 0.3333")
                .contains("lead time p50 90.0s");
        assertRow(run, "2026-11-02", STORY.prod, "(manual)", "1", "1");
        assertRow(run, "2026-11-02", STORY.prod, STORY.repository, "2", "0");
    }

    @Test
    void doraByClusterPrintsOneRowPerWeekAndClusterWithoutTheApplicationColumn() {
        CliRun prod = audit("dora", "--from", Story.T0.toString(), "--to", at(Duration.ofDays(7)).toString(),
                "--cluster", STORY.prod, "--by", "cluster");
        CliRun organisation = audit("dora", "--from", Story.T0.toString(), "--to",
                at(Duration.ofDays(7)).toString());

        for (CliRun run : List.of(prod, organisation)) {
            assertThat(run.status()).isZero();
            assertThat(run.out()).contains("WEEK").doesNotContain("APPLICATION").doesNotContain(STORY.repository);
            // (manual) and the repository pooled: 3 deployments, 1 failed, lead times 90 s and 120 s
            assertRow(run, "2026-11-02", STORY.prod, "3", "1", "0.3333", "90.0s", "2.0m", "2.0m");
        }
        assertThat(rows(prod)).hasSize(1);
    }

    @Test
    void doraPrintsThePageOfRowsAskedForAndWhereTheNextStarts() {
        CliRun first = audit("dora", "--from", Story.T0.toString(), "--to", at(Duration.ofDays(7)).toString(),
                "--cluster", STORY.prod, "--by", "application", "--limit", "1");
        CliRun second = audit("dora", "--from", Story.T0.toString(), "--to", at(Duration.ofDays(7)).toString(),
                "--cluster", STORY.prod, "--limit", "1", "--offset", "1");
        CliRun refused = audit("dora", "--by", "team");

        assertThat(rows(first)).hasSize(1);
        assertRow(first, "2026-11-02", STORY.prod, "(manual)", "1", "1");
        assertThat(first.out()).contains("(more: delivery rows 1-1 of 2; --offset 1 for the next)");
        assertThat(rows(second)).hasSize(1);
        assertRow(second, "2026-11-02", STORY.prod, STORY.repository, "2", "0");
        assertThat(second.out()).contains("(delivery rows 2-2 of 2)");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("by must be 'cluster' or 'application', got 'team'");
    }

    @Test
    void changesListsHumanAndShiplogCommitsNewestFirst() {
        CliRun run = audit("changes", "--kind", "Deployment", "--name", "web", "-n", "shop");

        assertThat(run.status()).isZero();
        // other tests on this broker commit to a shop/web of their own: the story's rows carry its suffix
        List<String> rows = rows(run).stream().filter(row -> row.contains(STORY.suffix)).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains(STORY.s3).contains("shiplog");
        assertThat(rows.get(1)).contains(STORY.s1).contains("shiplog");
        CliRun config = audit("changes", "--kind", "ConfigMap", "--name", "web-config", "-n", "shop");
        assertRow(config, STORY.s2, "human", "Alice", "apps/web-config.yaml");
    }

    @Test
    void refusedRequestsExitOneWithTheApisMessage() {
        CliRun noToken = CliRun.run("", "audit", "trace", STORY.s1, "--url", url());
        assertThat(noToken.status()).isEqualTo(1);
        assertThat(noToken.err()).startsWith("shiplog audit: ").contains("(set --token or SHIPLOG_AUDIT_TOKEN)");

        CliRun wrongToken = CliRun.run("", "audit", "trace", STORY.s1, "--url", url(), "--token",
                "not-the-token-of-this-auditor");
        assertThat(wrongToken.status()).isEqualTo(1);
        assertThat(wrongToken.err()).contains("the bearer token is not valid");

        CliRun unknown = audit("state", "--cluster", "nowhere-" + STORY.suffix);
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).contains("shiplog audit: cluster 'nowhere-" + STORY.suffix
                + "' is not in the release log");

        CliRun badTime = audit("state", "--cluster", STORY.prod, "--at", "yesterday-ish");
        assertThat(badTime.status()).as("a usage error").isEqualTo(2);
        assertThat(badTime.err()).contains("--at").contains("'yesterday-ish' is neither an ISO-8601 time");

        for (CliRun run : List.of(noToken, wrongToken, unknown, badTime)) {
            assertThat(run.out() + run.err()).doesNotContain(RunningAuditor.TOKEN).doesNotContain("Exception");
        }
    }

    @Test
    void getClustersShowsEachClustersLastApplyTheCommitItRunsAndItsOpenDrift() {
        await("edge drift projected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> get("clusters").out().contains(EDGE));
        CliRun run = get("clusters");

        assertThat(run.status()).isZero();
        assertRow(run, STORY.prod, STORY.s3.substring(0, 12), "SUCCEEDED", "COMMIT", "2026-11-03T10:01:30Z",
                STORY.s3.substring(0, 12), "0");
        assertRow(run, STORY.staging, STORY.s3.substring(0, 12), "CLUSTER_UNREACHABLE");
        assertThat(rowOf(run, STORY.staging)).as("staging still runs S1").contains(STORY.s1.substring(0, 12));
        assertThat(rowOf(run, EDGE)).endsWith(" 1");
    }

    @Test
    void getAppsShowsWhereEachImageRunsNow() {
        CliRun run = get("apps", "--app", STORY.repository);

        assertThat(run.status()).isZero();
        assertRow(run, STORY.repository, STORY.prod, "Deployment/shop/web", "1.1.0", STORY.d2);
        assertRow(run, STORY.repository, STORY.staging, "Deployment/shop/web", "1.0.0", STORY.d1);
        assertThat(rows(run)).hasSize(2);
    }

    @Test
    void getReleasesShowsEachTagFoundItsCommitAndTheClustersThatAppliedIt() {
        CliRun run = get("releases", "--since", Story.T0.toString());

        assertThat(run.status()).isZero();
        assertRow(run, "2026-11-03T10:00:00Z", STORY.repository + ":1.1.0", "POLL", STORY.s3.substring(0, 12),
                STORY.prod);
        assertRow(run, "2026-11-02T10:00:00Z", STORY.repository + ":1.0.0", "WEBHOOK", STORY.s1.substring(0, 12),
                STORY.prod + "," + STORY.staging);
    }

    @Test
    void getDriftListsOnlyDriftThatIsStillOpen() {
        await("edge drift projected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> get("drift", "--cluster", EDGE).out().contains(EDGE));
        CliRun edge = get("drift", "--cluster", EDGE);
        CliRun prod = get("drift", "--cluster", STORY.prod);

        assertRow(edge, EDGE, "MODIFIED", "Deployment/shop/web", "/spec/template/spec/containers/0/image",
                STORY.s3.substring(0, 12), "2026-11-05T10:00:00Z");
        assertThat(rows(prod)).as("the story's drift on prod was resolved").containsExactly("(none)");
    }

    @Test
    void getPrintsJsonAndYamlWithEveryField() {
        CliRun json = get("apps", "--app", STORY.repository, "-o", "json");
        CliRun yaml = get("apps", "--app", STORY.repository, "-o", "yaml");

        assertThat(json.status()).isZero();
        assertThat(json.out()).startsWith("[").contains("\"cluster\" : \"" + STORY.prod + "\"")
                .contains("\"digest\" : \"" + STORY.d2 + "\"");
        assertThat(yaml.out()).contains("- repository: " + STORY.repository).contains("cluster: " + STORY.staging)
                .contains("tag: 1.0.0");
    }

    @Test
    void statusShowsEachServicesHealthAndEachClustersLastApply() throws Exception {
        java.nio.file.Path contexts = Files.createTempFile("cli-status", ".yaml");
        Files.writeString(contexts, """
                current-context: it
                contexts:
                  - name: it
                    kafka: {bootstrap-servers: "%s", schema-registry: "%s"}
                    services: {drift-auditor: "%s", git-writer: "http://127.0.0.1:9"}
                """.formatted(KafkaBroker.shared().bootstrapServers(), SchemaRegistry.shared().url(), url()));
        CliRun run = CliRun.run("", "status", "--context-file", contexts.toString(), "--url", url(), "--token",
                RunningAuditor.TOKEN);

        assertThat(run.status()).as("git-writer is not running: exit 1").isEqualTo(1);
        assertRow(run, "drift-auditor", "UP", url());
        assertRow(run, "git-writer", "UNREACHABLE", "http://127.0.0.1:9");
        assertThat(run.out()).contains("GROUP").contains("TOPIC").contains("LAG");
        assertRow(run, STORY.prod, STORY.s3, "SUCCEEDED", "2026-11-03T10:01:30Z", "0");
        assertThat(run.out() + run.err()).doesNotContain(RunningAuditor.TOKEN);
    }

    private static CliRun get(String... args) {
        List<String> all = new ArrayList<>(List.of("get"));
        all.addAll(List.of(args));
        all.addAll(List.of("--url", url(), "--token", RunningAuditor.TOKEN));
        return CliRun.run("", all.toArray(String[]::new));
    }

    private static String rowOf(CliRun run, String first) {
        return rows(run).stream().filter(r -> r.startsWith(first + " ")).findFirst().orElseThrow(
                () -> new AssertionError("no row of " + first + " in:\n" + run.out()));
    }

    private static CliRun audit(String... args) {
        List<String> all = new ArrayList<>(List.of("audit"));
        all.addAll(List.of(args));
        all.addAll(List.of("--url", url(), "--token", RunningAuditor.TOKEN));
        return CliRun.run("", all.toArray(String[]::new));
    }

    private static String url() {
        return "http://127.0.0.1:" + auditor.port();
    }

    /**
     * The first table's data rows: the lines after the header (upper-case names) and its rule, up to a blank line or
     * the note of a page.
     */
    private static List<String> rows(CliRun run) {
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : run.out().split("\n")) {
            if (!inTable) {
                inTable = line.matches("[A-Z_0-9]+( +[A-Z_0-9]+)+ *");
            } else if (line.isBlank() || line.startsWith("(more") || line.contains("delivery rows")) {
                break;
            } else if (!line.matches("[- ]+")) {
                rows.add(line);
            }
        }
        return rows;
    }

    /** Some line of the output holds {@code cells} in this order, separated by whitespace. */
    private static void assertRow(CliRun run, String... cells) {
        StringBuilder regex = new StringBuilder("(^|\\s)");
        for (int i = 0; i < cells.length; i++) {
            regex.append(i == 0 ? "" : "\\s+").append(Pattern.quote(cells[i]));
        }
        regex.append("(\\s|$)");
        Pattern row = Pattern.compile(regex.toString(), Pattern.MULTILINE);
        assertThat(row.matcher(run.out()).find()).as("a row %s in:%n%s", List.of(cells), run.out()).isTrue();
    }
}
