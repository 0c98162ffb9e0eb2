package io.shiplog.auditor.query;

import static io.shiplog.auditor.support.Story.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.auditor.support.ApiClient;
import io.shiplog.auditor.support.ApiClient.Response;
import io.shiplog.auditor.support.RunningAuditor;
import io.shiplog.auditor.support.Story;
import io.shiplog.schemas.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The six queries against a log seeded with a known story (see {@link Story}) return exactly its answers. Subclasses
 * run the same story, published once, against another store ({@link PostgresAuditQueriesIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditQueriesIT {

    private static final Story STORY = new Story();
    private static boolean published;
    private static RunningAuditor auditor;
    private static ApiClient api;

    @BeforeAll
    void seedAndStart() throws Exception {
        synchronized (STORY) {
            if (!published) {
                STORY.publish(TestKafka.events());
                published = true;
            }
        }
        auditor = startAuditor();
        api = auditor.api();
        awaitStoryProjected();
    }

    /** The auditor under test, on the embedded SQLite store here. */
    RunningAuditor startAuditor() throws Exception {
        return RunningAuditor.start(Files.createTempDirectory("audit-queries"));
    }

    @AfterAll
    void stop() {
        if (auditor != null) {
            auditor.close();
        }
    }

    static void awaitStoryProjected() {
        await("story projected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/clusters/" + STORY.prod + "/state").body().path("commitSha")
                        .asString("").equals(STORY.s3) && live(api.get("/api/v1/store/status").body()));
    }

    /** Nothing left to read and the deliveries backfill done: the DORA query reads each apply's row. */
    private static boolean live(JsonNode status) {
        return status.path("state").asString().equals("LIVE") && status.path("backfillDone").asBoolean();
    }

    @Test
    void stateAtATimeIsTheLastCompletedApplyAtOrBeforeIt() {
        Response before = state(STORY.prod, at(Duration.ofSeconds(120)).minusMillis(1).toString());
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.body().path("commitSha").isNull()).isTrue();
        assertThat(before.body().path("workloads").path("items").size()).isZero();

        JsonNode first = state(STORY.prod, at(Duration.ofSeconds(120)).toString()).body();
        assertThat(first.path("commitSha").asString()).isEqualTo(STORY.s1);
        assertThat(first.path("appliedAt").asString()).isEqualTo("2026-11-02T10:02:00Z");
        assertThat(workloads(first)).containsExactly(
                "Deployment/shop/web=[" + STORY.image1() + "]",
                "Job/shop/old-job=[docker.io/library/busybox:1.36]");

        JsonNode partly = state(STORY.prod, at(Duration.ofDays(1).plusSeconds(89)).toString()).body();
        assertThat(partly.path("commitSha").asString()).isEqualTo(STORY.s2);
        assertThat(partly.path("status").asString()).isEqualTo("PARTIALLY_FAILED");

        JsonNode now = state(STORY.prod, null).body();
        assertThat(now.path("commitSha").asString()).isEqualTo(STORY.s3);
        assertThat(workloads(now)).containsExactly("Deployment/shop/web=[" + STORY.image2() + "]");
    }

    @Test
    void whereIsAnImageListsEachClusterWithTagDigestAndSince() {
        Response response = api.get("/api/v1/images/locations", "repository", STORY.repository);
        assertThat(response.status()).isEqualTo(200);
        List<String> rows = new ArrayList<>();
        for (JsonNode row : response.body().path("items")) {
            rows.add(row.path("cluster").asString() + " " + row.path("name").asString() + " "
                    + row.path("tag").asString() + " " + row.path("digest").asString() + " "
                    + row.path("since").asString());
        }
        assertThat(rows).containsExactly(
                STORY.prod + " web 1.1.0 " + STORY.d2 + " 2026-11-03T10:01:30Z",
                STORY.staging + " web 1.0.0 " + STORY.d1 + " 2026-11-02T10:01:40Z");
    }

    @Test
    void whereIsAnImageJoinsEverySpellingOfItsRepository() {
        String spelled = STORY.repository.replace("registry.test", "REGISTRY.TEST") + ":1.1.0";
        List<String> rows = new ArrayList<>();
        for (JsonNode row : api.get("/api/v1/images/locations", "repository", spelled).body().path("items")) {
            rows.add(row.path("cluster").asString() + " " + row.path("image").asString());
        }
        assertThat(rows).containsExactly(STORY.prod + " " + STORY.image2(),
                STORY.staging + " " + STORY.image1AsWrittenInStaging());
    }

    @Test
    void whereIsRefusesANameThatIsNoImageRepository() {
        Response response = api.get("/api/v1/images/locations", "repository", "registry.test/Not An Image");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("message").asString()).contains("invalid repository path");
    }

    @Test
    void traceOfATagLinksDiscoveryCommitAndAppliesWithTheTimeBetween() {
        JsonNode trace = api.get("/api/v1/trace", "ref", STORY.repository + ":1.1.0").body();
        assertThat(trace.path("refKind").asString()).isEqualTo("tag");
        assertThat(trace.path("discovered").size()).isEqualTo(1);
        assertThat(trace.path("discovered").get(0).path("source").asString()).isEqualTo("POLL");
        assertThat(trace.path("commits").size()).isEqualTo(1);
        assertThat(trace.path("commits").get(0).path("sha").asString()).isEqualTo(STORY.s3);
        assertThat(trace.path("commits").get(0).path("sinceDiscoveryMs").asLong()).isEqualTo(30_000);
        List<String> applies = new ArrayList<>();
        for (JsonNode apply : trace.path("applies")) {
            applies.add(apply.path("cluster").asString() + " " + apply.path("status").asString() + " "
                    + apply.path("health").asString() + " " + apply.path("sinceCommitMs").asLong());
        }
        assertThat(applies).containsExactly(STORY.staging + " APPLY_FAILED CLUSTER_UNREACHABLE UNKNOWN 30000",
                STORY.prod + " SUCCEEDED HEALTHY 60000");
        assertThat(trace.path("discoveredToLastApplyMs").asLong()).isEqualTo(90_000);
    }

    @Test
    void traceOfATagOutsideThePolicyShowsWhyNothingWasCommitted() {
        JsonNode trace = api.get("/api/v1/trace", "ref", STORY.repository + ":2.0.0").body();

        assertThat(trace.path("discovered").size()).isEqualTo(1);
        assertThat(trace.path("commits").size()).isZero();
        assertThat(trace.path("skipped").size()).isEqualTo(1);
        JsonNode skip = trace.path("skipped").get(0);
        assertThat(skip.path("reason").asString()).isEqualTo("NOT_SELECTED_BY_POLICY");
        assertThat(skip.path("detail").asString()).contains("2.0.0 is not selected by policy semver:^1");
        assertThat(skip.path("path").asString()).isEqualTo("apps/web.yaml");
    }

    @Test
    void traceOfAShortCommitShaFindsItsDiscoveryAndDrift() {
        JsonNode s1 = api.get("/api/v1/trace", "ref", STORY.s1.substring(0, 10)).body();
        assertThat(s1.path("refKind").asString()).isEqualTo("commit");
        assertThat(s1.path("discovered").get(0).path("source").asString()).isEqualTo("WEBHOOK");
        assertThat(s1.path("applies").size()).isEqualTo(2);

        JsonNode s2 = api.get("/api/v1/trace", "ref", STORY.s2).body();
        assertThat(s2.path("commits").get(0).path("byShiplog").asBoolean()).isFalse();
        assertThat(s2.path("drift").size()).isEqualTo(1);
        assertThat(s2.path("drift").get(0).path("fieldPaths").asString()).isEqualTo("/spec/replicas");
    }

    @Test
    void clusterHistoryIncludesTheStartAndExcludesTheEndOfTheRange() {
        List<String> upToDrift = history(STORY.prod, at(Duration.ofSeconds(120)), at(Duration.ofHours(2)));
        assertThat(upToDrift).containsExactly("APPLIED " + STORY.s1 + " SUCCEEDED",
                "APPLIED " + STORY.s2 + " PARTIALLY_FAILED");
        List<String> withDrift = history(STORY.prod, at(Duration.ofSeconds(121)),
                at(Duration.ofHours(2)).plusMillis(1));
        assertThat(withDrift).containsExactly("APPLIED " + STORY.s2 + " PARTIALLY_FAILED",
                "DRIFT_DETECTED " + STORY.s2 + " MODIFIED");
        List<String> dayTwo = history(STORY.prod, at(Duration.ofHours(3)), at(Duration.ofDays(2)));
        assertThat(dayTwo).containsExactly("APPLIED " + STORY.s3 + " SUCCEEDED", "PRUNED " + STORY.s3 + " PRUNED");
    }

    @Test
    void clusterHistoryIsPaged() {
        Response first = api.get("/api/v1/clusters/" + STORY.prod + "/history", "from", Story.T0.toString(),
                "to", at(Duration.ofDays(2)).toString(), "size", "2");
        assertThat(first.body().path("items").size()).isEqualTo(2);
        assertThat(first.body().path("more").asBoolean()).isTrue();
        Response last = api.get("/api/v1/clusters/" + STORY.prod + "/history", "from", Story.T0.toString(),
                "to", at(Duration.ofDays(2)).toString(), "size", "2", "page", "2");
        assertThat(last.body().path("items").size()).isEqualTo(2);
        assertThat(last.body().path("more").asBoolean()).isFalse();
    }

    @Test
    void doraMetricsOfTheStoryWeek() {
        JsonNode dora = api.get("/api/v1/dora", "from", Story.T0.toString(), "to",
                at(Duration.ofDays(7)).toString(), "cluster", STORY.prod).body();
        assertThat(dora.path("deployments").asInt()).isEqualTo(3);
        assertThat(dora.path("changeFailureRate").asDouble()).isEqualTo(0.3333);
        assertThat(dora.path("leadTimeP50Ms").asLong()).isEqualTo(90_000);
        assertThat(dora.path("leadTimeP99Ms").asLong()).isEqualTo(120_000);
        assertThat(dora.path("timeToRestoreP50Ms").asLong()).isEqualTo(300_000);
        List<String> rows = new ArrayList<>();
        for (JsonNode row : dora.path("deliveries")) {
            rows.add(row.path("week").asString() + " " + row.path("application").asString() + " "
                    + row.path("deployments").asInt() + " " + row.path("failedDeployments").asInt());
        }
        assertThat(rows).containsExactly("2026-11-02 (manual) 1 1", "2026-11-02 " + STORY.repository + " 2 0");
        JsonNode restore = dora.path("restores").get(0);
        assertThat(restore.path("incidents").asInt()).isEqualTo(2);
        // the partly failed apply at T0+1h+60s is restored by the healthy apply at T0+1d+90s
        assertThat(restore.path("timeToRestoreMaxMs").asLong()).isEqualTo(Duration.ofDays(1).plusSeconds(90)
                .minusSeconds(3_660).toMillis());
    }

    @Test
    void anIncidentOpenAtTheEndOfTheRangeIsTimedByTheHealthyApplyAfterIt() {
        // the range ends between the partly failed apply (T0+1h+60s) and the healthy one that restores it (T0+1d+90s)
        JsonNode dora = api.get("/api/v1/dora", "from", Story.T0.toString(), "to",
                at(Duration.ofHours(2)).toString(), "cluster", STORY.prod).body();
        JsonNode restore = dora.path("restores").get(0);
        assertThat(restore.path("timeToRestoreMaxMs").asLong()).isEqualTo(Duration.ofDays(1).plusSeconds(90)
                .minusSeconds(3_660).toMillis());
    }

    @Test
    void doraOverEveryClusterHoldsEachClustersRows() {
        JsonNode all = dora("by", "application");
        JsonNode prod = dora("cluster", STORY.prod);
        assertThat(all.path("by").asString()).isEqualTo("application");
        assertThat(prod.path("by").asString()).isEqualTo("application");
        assertThat(rows(all.path("deliveries"))).containsAll(rows(prod.path("deliveries")));
        assertThat(rows(all.path("restores"))).containsAll(rows(prod.path("restores")));
        assertThat(all.path("deployments").asInt()).isGreaterThanOrEqualTo(prod.path("deployments").asInt());
    }

    @Test
    void doraByClusterIsOneRowPerWeekWithTheClustersApplicationsPooled() {
        JsonNode prod = dora("cluster", STORY.prod, "by", "cluster");

        // (manual) 1 deployment (failed), the repository 2 with lead times 90 s and 120 s, as the report's
        assertThat(prod.path("by").asString()).isEqualTo("cluster");
        assertThat(prod.path("deliveriesTotal").asInt()).isEqualTo(1);
        JsonNode row = prod.path("deliveries").get(0);
        assertThat(row.path("week").asString()).isEqualTo("2026-11-02");
        assertThat(row.path("cluster").asString()).isEqualTo(STORY.prod);
        assertThat(row.path("application").isNull()).isTrue();
        assertThat(row.path("deployments").asInt()).isEqualTo(3);
        assertThat(row.path("failedDeployments").asInt()).isEqualTo(1);
        assertThat(row.path("changeFailureRate").asDouble()).isEqualTo(0.3333);
        assertThat(row.path("leadTimeP50Ms").asLong()).isEqualTo(prod.path("leadTimeP50Ms").asLong());
        assertThat(row.path("leadTimeP99Ms").asLong()).isEqualTo(120_000);
        assertThat(prod.path("restores")).isEqualTo(dora("cluster", STORY.prod).path("restores"));
    }

    @Test
    void doraOverTheWholeOrganisationIsByClusterUnlessAskedPerApplication() {
        JsonNode all = dora();
        JsonNode prod = dora("cluster", STORY.prod, "by", "cluster");
        JsonNode perApplication = dora("by", "application");

        assertThat(all.path("by").asString()).isEqualTo("cluster");
        assertThat(all.path("deliveries")).allSatisfy(row -> assertThat(row.path("application").isNull()).isTrue());
        assertThat(rows(all.path("deliveries"))).containsAll(rows(prod.path("deliveries")));
        assertThat(all.path("deliveriesTotal").asInt()).isEqualTo(all.path("deliveries").size())
                .isLessThan(perApplication.path("deliveriesTotal").asInt());
        for (String figure : List.of("deployments", "changeFailureRate", "leadTimeP50Ms", "leadTimeP99Ms",
                "timeToRestoreP50Ms", "restores")) {
            assertThat(all.path(figure)).as(figure).isEqualTo(perApplication.path(figure));
        }
    }

    @Test
    void doraRowsArePagedByLimitAndOffsetInTheirOrder() {
        JsonNode second = dora("cluster", STORY.prod, "limit", "1", "offset", "1");
        JsonNode pastTheEnd = dora("cluster", STORY.prod, "offset", "2");
        JsonNode farPastTheEnd = dora("cluster", STORY.prod, "limit", "5000", "offset", "2147483647");

        assertThat(second.path("deliveriesTotal").asInt()).isEqualTo(2);
        assertThat(second.path("deliveries")).hasSize(1);
        assertThat(second.path("deliveries").get(0).path("application").asString()).isEqualTo(STORY.repository);
        assertThat(second.path("deployments").asInt()).isEqualTo(3);
        for (JsonNode empty : List.of(pastTheEnd, farPastTheEnd)) {
            assertThat(empty.path("deliveries")).isEmpty();
            assertThat(empty.path("deliveriesTotal").asInt()).isEqualTo(2);
            assertThat(empty.path("deployments").asInt()).isEqualTo(3);
        }
    }

    @Test
    void doraRefusesAnUnknownGroupingOrAPageOutOfBoundsNamingTheParameter() {
        assertRefused("by must be 'cluster' or 'application', got 'team'", "by", "team");
        assertRefused("limit must be between 1 and 5000, got 0", "limit", "0");
        assertRefused("limit must be between 1 and 5000, got 5001", "limit", "5001");
        assertRefused("offset must be 0 or more, got -1", "offset", "-1");
        assertRefused("parameter 'limit' is not valid", "limit", "many");
    }

    private static void assertRefused(String message, String... params) {
        List<String> query = new ArrayList<>(List.of("from", Story.T0.toString(), "to",
                at(Duration.ofDays(7)).toString()));
        query.addAll(List.of(params));
        Response refused = api.get("/api/v1/dora", query.toArray(String[]::new));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("message").asString()).isEqualTo(message);
    }

    /** The DORA answer of the story's week with {@code params}. */
    private static JsonNode dora(String... params) {
        List<String> query = new ArrayList<>(List.of("from", Story.T0.toString(), "to",
                at(Duration.ofDays(7)).toString()));
        query.addAll(List.of(params));
        Response answer = api.get("/api/v1/dora", query.toArray(String[]::new));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.body();
    }

    private static List<String> rows(JsonNode array) {
        List<String> rows = new ArrayList<>();
        array.forEach(row -> rows.add(row.toString()));
        return rows;
    }

    @Test
    void whoChangedWhatListsHumanAndShiplogCommitsNewestFirst() {
        List<JsonNode> config = storyItems(api.get("/api/v1/objects/changes", "kind", "ConfigMap", "namespace",
                "shop", "name", "web-config").body());
        assertThat(config).hasSize(1);
        assertThat(config.get(0).path("sha").asString()).isEqualTo(STORY.s2);
        assertThat(config.get(0).path("author").asString()).isEqualTo("Alice");
        assertThat(config.get(0).path("byShiplog").asBoolean()).isFalse();

        List<JsonNode> web = storyItems(api.get("/api/v1/objects/changes", "kind", "Deployment", "namespace", "shop",
                "name", "web").body());
        assertThat(web).extracting(item -> item.path("sha").asString()).containsExactly(STORY.s3, STORY.s1);
        assertThat(web.get(0).path("changes").get(0).asString())
                .isEqualTo("spec.template.spec.containers[0].image: " + STORY.image1() + " -> " + STORY.image2()
                        + " (semver:^1)");
    }

    /** The items of this story's commits: other tests' stories on the same broker name the same objects. */
    private static List<JsonNode> storyItems(JsonNode changes) {
        List<JsonNode> items = new ArrayList<>();
        changes.path("items").forEach(item -> {
            if (item.path("sha").asString().startsWith(STORY.suffix)) {
                items.add(item);
            }
        });
        return items;
    }

    @Test
    void deletingTheStoreAndReplayingGivesIdenticalAnswers() {
        List<String> before = allAnswers();
        long rebuilds = api.get("/api/v1/store/status").body().path("rebuilds").asLong();
        assertThat(api.post("/api/v1/store/rebuild").status()).isEqualTo(202);
        await("rebuild finished").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode status = api.get("/api/v1/store/status").body();
                    return status.path("rebuilds").asLong() > rebuilds && live(status);
                });
        awaitStoryProjected();
        assertThat(allAnswers()).isEqualTo(before);
    }

    private List<String> allAnswers() {
        return List.of(
                state(STORY.prod, at(Duration.ofHours(5)).toString()).text(),
                api.get("/api/v1/images/locations", "repository", STORY.repository).text(),
                api.get("/api/v1/trace", "ref", STORY.s1).text(),
                api.get("/api/v1/clusters/" + STORY.prod + "/history", "from", Story.T0.toString(), "to",
                        at(Duration.ofDays(3)).toString()).text(),
                api.get("/api/v1/dora", "from", Story.T0.toString(), "to", at(Duration.ofDays(7)).toString(),
                        "cluster", STORY.prod).text(),
                api.get("/api/v1/objects/changes", "kind", "Deployment", "name", "web", "namespace", "shop").text());
    }

    private static Response state(String cluster, String at) {
        return at == null ? api.get("/api/v1/clusters/" + cluster + "/state")
                : api.get("/api/v1/clusters/" + cluster + "/state", "at", at);
    }

    private static List<String> workloads(JsonNode state) {
        List<String> out = new ArrayList<>();
        for (JsonNode w : state.path("workloads").path("items")) {
            if (w.path("images").size() > 0) {
                List<String> images = new ArrayList<>();
                w.path("images").forEach(i -> images.add(i.asString()));
                out.add(w.path("kind").asString() + "/" + w.path("namespace").asString() + "/"
                        + w.path("name").asString() + "=" + images);
            }
        }
        return out;
    }

    private static List<String> history(String cluster, java.time.Instant from, java.time.Instant to) {
        JsonNode page = api.get("/api/v1/clusters/" + cluster + "/history", "from", from.toString(), "to",
                to.toString()).body();
        List<String> out = new ArrayList<>();
        for (JsonNode entry : page.path("items")) {
            out.add(entry.path("type").asString() + " " + entry.path("commitSha").asString() + " "
                    + entry.path("status").asString());
        }
        return out;
    }
}
