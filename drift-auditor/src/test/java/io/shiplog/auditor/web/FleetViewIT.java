package io.shiplog.auditor.web;

import static io.shiplog.auditor.support.Events.change;
import static io.shiplog.auditor.support.Events.committed;
import static io.shiplog.auditor.support.Events.completed;
import static io.shiplog.auditor.support.Events.discovered;
import static io.shiplog.auditor.support.Events.result;
import static io.shiplog.schemas.testing.Envelopes.meta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.auditor.support.ApiClient;
import io.shiplog.auditor.support.Events;
import io.shiplog.auditor.support.RunningAuditor;
import io.shiplog.auditor.support.Story;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.DiscoverySource;
import io.shiplog.events.Health;
import io.shiplog.events.Meta;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.testing.TestKafka;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web view in a real headless Chromium against a running auditor whose store is projected from events on the real
 * broker (the known {@link Story}, and releases published while the page is open): what a user sees and clicks.
 */
@ExtendWith(Browser.ScreenshotOnFailure.class)
class FleetViewIT {

    private static final Story STORY = new Story();
    private static final ObjectRef API = Events.object("apps", "Deployment", "shop", "api");
    private static RunningAuditor auditor;
    private static Browser browser;

    @BeforeAll
    static void seedStartAndOpen() throws Exception {
        STORY.publish(TestKafka.events());
        auditor = RunningAuditor.start(Files.createTempDirectory("fleet-view"));
        ApiClient api = auditor.api();
        await("story projected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/clusters/" + STORY.prod + "/state").body().path("commitSha")
                        .asString("").equals(STORY.s3)
                        && api.get("/api/v1/store/status").body().path("state").asString().equals("LIVE"));
        browser = Browser.open("http://127.0.0.1:" + auditor.port());
        Browser.ScreenshotOnFailure.watch(browser);
    }

    @AfterAll
    static void closeAll() {
        Browser.ScreenshotOnFailure.watch(null);
        if (browser != null) {
            browser.close();
        }
        if (auditor != null) {
            auditor.close();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.go("/ui/");
        browser.script("sessionStorage.clear()");
        browser.go("about:blank");
    }

    @Test
    void theMatrixShowsTheVersionHealthAndClusterOfEachApplication() {
        signIn("#/fleet");
        browser.find("#fleet-filter").sendKeys(STORY.suffix);
        String prod = browser.textOnceItHas(cell(STORY.prod, STORY.repository), "1.1.0");
        assertThat(prod).contains("HEALTHY");
        assertThat(browser.textOnceItHas(cell(STORY.staging, STORY.repository), "1.0.0")).contains("HEALTHY");
        assertThat(browser.find("#matrix tr[data-cluster='" + STORY.prod + "'] td.head").getText())
                .contains(STORY.s3.substring(0, 8)).contains("SUCCEEDED");
        // staging's last apply (S3) failed: its row says so, while it still runs S1
        assertThat(browser.find("#matrix tr[data-cluster='" + STORY.staging + "'] td.head").getText())
                .contains(STORY.s1.substring(0, 8)).contains("last apply failed 2026-11-03 10:01:00Z");
    }

    @Test
    void aNewReleaseAppearsWithoutAReloadAndClickingItShowsItsStepsPerCluster() throws Exception {
        signIn("#/fleet");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String edge = "edge-" + suffix;
        String canary = "canary-" + suffix;
        String repository = "registry.test/" + suffix + "/api";
        browser.find("#fleet-filter").sendKeys(suffix);
        browser.find("#matrix, .results .empty");
        browser.script("window.__notReloaded = true");

        String sha = publishRelease(repository, "3.4.5", edge, canary);

        assertThat(browser.textOnceItHas(cell(edge, repository), "3.4.5")).contains("HEALTHY");
        assertThat(browser.textOnceItHas(cell(canary, repository), "3.4.5")).contains("DEGRADED");
        assertThat(browser.script("return window.__notReloaded === true")).isEqualTo(true);

        browser.find("nav a[data-view='releases']").click();
        WebElement release = browser.find("#timeline li.release[data-sha='" + sha + "']");
        assertThat(release.getText()).contains(suffix + "/api:3.4.5").contains("found").contains("committed")
                .contains(edge + ": SUCCEEDED").contains(canary + ": SUCCEEDED");
        release.click();

        assertThat(browser.until(() -> browser.driver().getCurrentUrl().endsWith("#/trace/" + sha) ? true : null))
                .isTrue();
        assertThat(browser.textOnceItHas("#trace-applies tr[data-cluster='" + edge + "']", "SUCCEEDED"))
                .contains("HEALTHY").contains(sha.substring(0, 8));
        assertThat(browser.textOnceItHas("#trace-applies tr[data-cluster='" + canary + "']", "SUCCEEDED"))
                .contains("DEGRADED");
        assertThat(browser.find("#trace").getText()).contains("Found").contains(repository + ":3.4.5")
                .contains("Committed").contains("Shiplog");
    }

    @Test
    void theDriftListShowsTheFieldPathsThatDifferAndWhenTheyWereResolved() {
        signIn("#/drift");
        browser.find("#drift-open").click();
        browser.find("#drift-cluster").sendKeys(STORY.prod);
        browser.find("#drift-show").click();
        String row = browser.textOnceItHas("#drift-list tr[data-cluster='" + STORY.prod + "']", "/spec/replicas");
        assertThat(row).contains("Deployment/shop/web").contains("MODIFIED").contains("2026-11-02 12:00:00Z")
                .contains("2026-11-02 12:05:00Z");
        assertThat(browser.find("#drift-list tr[data-cluster='" + STORY.prod + "'] code.field-path").getText())
                .isEqualTo("/spec/replicas");
    }

    @Test
    void driftDetectedWhileThePageIsOpenMarksItsCellAndListsItsFieldPath() throws Exception {
        signIn("#/fleet");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String edge = "edge-" + suffix;
        String canary = "canary-" + suffix;
        String repository = "registry.test/" + suffix + "/api";
        browser.find("#fleet-filter").sendKeys(suffix);
        String sha = publishRelease(repository, "3.4.6", edge, canary);
        assertThat(browser.textOnceItHas(cell(canary, repository), "3.4.6")).doesNotContain("drift");
        browser.script("window.__notReloaded = true");

        String path = "/spec/template/spec/containers/0/resources/limits/memory";
        TestKafka.events().send(TopicCatalogue.DRIFT.name(), canary, Events.driftDetected(meta(Instant.now()),
                canary, sha, API, path)).get();

        assertThat(browser.textOnceItHas(cell(canary, repository), "1 drift")).contains("3.4.6");
        assertThat(browser.find(cell(edge, repository)).getText()).doesNotContain("drift");
        assertThat(browser.find("#matrix tr[data-cluster='" + canary + "'] th").getText()).endsWith("⚠ 1");
        assertThat(browser.script("return window.__notReloaded === true")).isEqualTo(true);

        browser.find(cell(canary, repository) + " a.drift").click();
        String row = browser.textOnceItHas("#drift-list tr[data-cluster='" + canary + "']", path);
        assertThat(row).contains("Deployment/shop/api").contains("MODIFIED").contains("open")
                .contains(sha.substring(0, 8));
    }

    @Test
    void thePageOpensWithoutATokenButItsDataNeedsOne() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + auditor.port();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sign in to the audit API");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("default-src 'none'").contains("script-src 'self'").contains("connect-src 'self'"));
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ui/"));
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/index.html"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(403);

        ApiClient api = auditor.api();
        for (String path : List.of("/api/v1/fleet", "/api/v1/releases", "/api/v1/drift")) {
            assertThat(api.getWithToken(null, path).status()).as(path).isEqualTo(401);
            assertThat(api.getWithToken("wrong-token-" + UUID.randomUUID(), path).status()).as(path).isEqualTo(401);
            assertThat(api.get(path).status()).as(path).isEqualTo(200);
        }
        ApiClient.Response unknown = api.get("/api/v1/drift", "cluster", "nowhere-" + STORY.suffix);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("message").asString()).contains("nowhere-" + STORY.suffix);
        assertThat(api.get("/api/v1/releases", "size", "101").body().path("message").asString())
                .contains("at most 100");
    }

    @Test
    void whereIsThisImageListsEveryClusterRunningIt() {
        signIn("#/where/" + STORY.repository);
        assertThat(browser.textOnceItHas("#locations tr[data-cluster='" + STORY.prod + "']", "1.1.0"))
                .contains("Deployment/shop/web").contains("2026-11-03 10:01:30Z");
        assertThat(browser.textOnceItHas("#locations tr[data-cluster='" + STORY.staging + "']", "1.0.0"))
                .contains("Deployment/shop/web");
    }

    @Test
    void doraChartsDrawTheStoryWeekOfOneCluster() {
        signIn("#/dora");
        browser.script("arguments[0].value = '2026-11-02'; arguments[1].value = '2026-11-09'",
                browser.find("#dora-from"), browser.find("#dora-to"));
        Select cluster = new Select(browser.find("#dora-cluster"));
        browser.until(() -> cluster.getOptions().stream().anyMatch(o -> o.getText().equals(STORY.prod)) ? true : null);
        cluster.selectByVisibleText(STORY.prod);
        browser.find("#dora-show").click();
        // three deployments of prod that week, one of them failed: S1, S2 (partly failed) and S3
        assertThat(browser.textOnceItHas("#dora-deployments", "3 (3/week)")).isNotBlank();
        WebElement bar = browser.find("#chart-frequency rect.bar[data-week='2026-11-02']");
        assertThat(bar.getAttribute("data-value")).isEqualTo("3");
        assertThat(browser.find("#chart-failure").getText()).contains("33.3%");
        assertThat(browser.find("#dora-pairs").getText()).contains(STORY.prod);
    }

    @Test
    void doraOfTheWholeFleetIsTabledPerClusterAndPerApplicationWhenAsked() {
        signIn("#/dora");
        browser.script("arguments[0].value = '2026-11-02'; arguments[1].value = '2026-11-09'",
                browser.find("#dora-from"), browser.find("#dora-to"));
        browser.find("#dora-show").click();
        // prod's week: (manual) and the repository pooled, 3 deployments, 1 failed, lead time p50 90 s
        String prod = "#dora-pairs tr[data-cluster='" + STORY.prod + "']";
        assertThat(browser.textOnceItHas(prod, "33.3%")).isEqualTo(STORY.prod + " 3 1 33.3% 1.5m");
        assertThat(browser.find("#dora-pairs thead").getText()).doesNotContain("Application");
        assertThat(browser.find("#dora h3").getText()).isEqualTo("Per cluster");

        browser.find("#dora-per-application").click();
        browser.find("#dora-show").click();
        String repository = prod + "[data-application='" + STORY.repository + "']";
        assertThat(browser.textOnceItHas(repository, "0%")).isEqualTo(STORY.prod + " "
                + STORY.repository.substring(STORY.repository.indexOf('/') + 1) + " 2 0 0% 1.5m");
        assertThat(browser.find(prod + "[data-application='(manual)']").getText()).contains(" 1 1 100%");
        assertThat(browser.find("#dora-pairs thead").getText()).contains("Application");
        assertThat(browser.maybe("#dora-cut")).isEmpty();

        browser.find("#dora-limit").clear();
        browser.find("#dora-limit").sendKeys("1");
        browser.find("#dora-show").click();
        int total = auditor.api().get("/api/v1/dora", "from", "2026-11-02", "to", "2026-11-09", "by", "application")
                .body().path("deliveriesTotal").asInt();
        assertThat(browser.textOnceItHas("#dora-cut", "first 1 of")).isEqualTo("first 1 of " + total + " rows");
        assertThat(browser.driver().findElements(By.cssSelector("#dora-pairs tbody tr"))).hasSize(1);
        // the charts still count every cluster's deployments of the week
        assertThat(browser.find("#chart-frequency rect.bar[data-week='2026-11-02']").getAttribute("data-value"))
                .isEqualTo(String.valueOf(auditor.api().get("/api/v1/dora", "from", "2026-11-02", "to",
                        "2026-11-09").body().path("deliveries").findValues("deployments").stream()
                        .mapToInt(n -> n.asInt()).sum()));
    }

    @Test
    void aWrongTokenShowsTheSignInAgainWithTheReason() {
        browser.go("/ui/#/fleet");
        browser.find("#token").sendKeys("not-the-token-" + UUID.randomUUID());
        browser.find("#sign-in").click();
        assertThat(browser.textOnceItHas("#login-error", "not valid")).contains("refused");
        assertThat(browser.find("#login").isDisplayed()).isTrue();
        assertThat(browser.script("return sessionStorage.getItem('shiplog.token')")).isNull();
        assertThat(browser.maybe("#matrix")).isEmpty();

        browser.find("#token").sendKeys(RunningAuditor.TOKEN);
        browser.find("#sign-in").click();
        browser.find("#matrix");
        assertThat(browser.driver().findElement(By.id("login")).isDisplayed()).isFalse();
    }

    private void signIn(String route) {
        browser.go("/ui/" + route);
        browser.find("#token").sendKeys(RunningAuditor.TOKEN);
        browser.find("#sign-in").click();
        browser.until(() -> browser.driver().findElement(By.id("login")).isDisplayed() ? null : true);
    }

    private static String cell(String cluster, String application) {
        return "#matrix td.cell[data-cluster='" + cluster + "'][data-application='" + application + "']";
    }

    /**
     * A release as the services publish it, now: the tag found, Shiplog's commit, and its applies on two clusters
     * (the second with a degraded workload). Returns the commit sha.
     */
    private static String publishRelease(String repository, String tag, String healthy, String degraded)
            throws Exception {
        EventSink sink = TestKafka.events();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String digest = "sha256:" + UUID.randomUUID().toString().replace("-", "").repeat(2);
        String sha = UUID.randomUUID().toString().replace("-", "") + "0000";
        String image = repository + ":" + tag + "@" + digest;
        Meta found = meta(now.minusSeconds(30));
        sink.send(TopicCatalogue.IMAGES.name(), repository, discovered(found, repository, tag, digest,
                DiscoverySource.WEBHOOK)).get();
        Meta commit = meta(UUID.randomUUID().toString(), now.minusSeconds(20), found.getCorrelationId(),
                found.getEventId());
        sink.send(TopicCatalogue.COMMITS.name(), Events.CONFIG_REPO + "#main", committed(commit, sha,
                now.minusSeconds(21), List.of(change("apps/api.yaml", API, repository, repository + ":3.0.0", tag,
                        digest)), List.of(found.getEventId()))).get();
        for (String cluster : List.of(healthy, degraded)) {
            Meta applied = meta(UUID.randomUUID().toString(), now.minusSeconds(cluster.equals(healthy) ? 10 : 5),
                    commit.getCorrelationId(), commit.getEventId());
            sink.send(TopicCatalogue.APPLIES.name(), cluster, completed(applied, cluster, sha, ApplyStatus.SUCCEEDED,
                    List.of(result(API, ObjectAction.CONFIGURED, cluster.equals(healthy) ? Health.HEALTHY
                            : Health.DEGRADED, "apps/api.yaml", image)))).get();
        }
        return sha;
    }
}
