package io.shiplog.gitwriter;

import static io.shiplog.gitwriter.support.RunningWriter.Repo.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.CommitObserved;
import io.shiplog.events.ImageUsage;
import io.shiplog.events.WatchedImage;
import io.shiplog.gitwriter.support.ConfigRepo;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.Manifests;
import io.shiplog.gitwriter.support.RunningWriter;
import io.shiplog.local.git.Author;
import io.shiplog.local.git.GitServer;
import io.shiplog.schemas.testing.EventLog;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two config repositories using one image share its watch-list entry instead of overwriting each other's. */
class SharedImageIT {

    @Test
    void theWatchListEntryOfASharedImageNamesTheUsagesOfBothConfigRepositoriesUntilTheLastOneDropsIt()
            throws Exception {
        String image = "registry.test/shared-" + UUID.randomUUID().toString().substring(0, 6) + "/web";
        ConfigRepo staging = ConfigRepo.create("staging", Map.of("apps/web.yaml",
                Manifests.bytes(Manifests.deployment("web", image + ":1.0.0", "semver:^1"))));
        ConfigRepo prod = ConfigRepo.create("prod", Map.of("apps/web.yaml",
                Manifests.bytes(Manifests.deployment("web", image + ":0.9.0", "semver:~0.9"))));
        try (EventsLog log = new EventsLog();
             RunningWriter writer = RunningWriter.start(List.of(http("staging", staging), http("prod", prod)),
                     Files.createTempDirectory("shared-it"), RunningWriter.newGroup())) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(latest(log, image))
                    .extracting(u -> u.getConfigRepo() + " " + u.getCurrentValue())
                    .containsExactlyInAnyOrder(staging.httpUrl() + " " + image + ":1.0.0",
                            prod.httpUrl() + " " + image + ":0.9.0"));
            WatchedImage both = (WatchedImage) log.watchlistEvents(image).get(log.watchlistEvents(image).size() - 1)
                    .getPayload();
            assertThat(both.getPolicies()).containsExactlyInAnyOrder("semver:^1", "semver:~0.9");

            String dropped = GitServer.shared().commit(staging.name(), Map.of("apps/web.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n"), "stop automating web",
                    new Author("Ada", "ada@example.com"));
            log.awaitCommit(staging.httpUrl(), CommitObserved.class, c -> c.getSha().equals(dropped));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(latest(log, image))
                    .extracting(ImageUsage::getConfigRepo).containsExactly(prod.httpUrl()));

            String last = GitServer.shared().commit(prod.name(), Map.of("apps/web.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n"), "stop automating web",
                    new Author("Ada", "ada@example.com"));
            log.awaitCommit(prod.httpUrl(), CommitObserved.class, c -> c.getSha().equals(last));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(log.watchlist(image))
                    .last().satisfies(e -> assertThat(e.value()).isNull()));
        }
    }

    /** The usages of the image's latest watch-list entry (empty for none or a tombstone). */
    private static List<ImageUsage> latest(EventsLog log, String image) {
        List<EventLog.Entry> entries = log.watchlist(image);
        if (entries.isEmpty() || entries.get(entries.size() - 1).value() == null) {
            return List.of();
        }
        return ((WatchedImage) ((io.shiplog.events.WatchlistEvent) entries.get(entries.size() - 1).value())
                .getPayload()).getUsages();
    }
}
