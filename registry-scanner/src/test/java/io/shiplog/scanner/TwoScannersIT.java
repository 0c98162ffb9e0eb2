package io.shiplog.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.TagDiscovered;
import io.shiplog.scanner.scan.ScanScheduler;
import io.shiplog.schemas.testing.EventLog;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.RegistryOptions;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two real scanner instances in one watch-list consumer group against one real registry and broker: the watch
 * list is split between them, and when one stops the other takes its repositories over without reporting again
 * what the first one already did.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoScannersIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> REPOSITORIES = IntStream.range(0, 20)
            .mapToObj(i -> "pair-" + SUFFIX + "/app-" + i).toList();
    private static ContainerRegistry registry;
    private static EventLog log;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() throws Exception {
        registry = ContainerRegistry.start(RegistryOptions.defaults());
        log = EventLog.fromEnd(TopicCatalogue.IMAGES);
        first = startScanner();
        second = startScanner();
        for (String repo : REPOSITORIES) {
            registry.pusher().push(repo, "1.0.0");
            WatchlistWriter.watch(image(repo), registry.host(), List.of(), 1000L);
        }
    }

    @AfterAll
    static void stop() {
        if (first.isActive()) {
            first.close();
        }
        second.close();
        log.close();
        registry.close();
    }

    @Test
    @Order(1)
    void splitsTheWatchListSoEachRepositoryIsScannedByOneInstance() {
        Set<String> all = all();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> a = watched(first);
            Set<String> b = watched(second);
            assertThat(Collections.disjoint(a, b)).as("no repository on both: %s and %s", a, b).isTrue();
            assertThat(a).as("both instances scan some of ours").containsAnyElementsOf(all);
            assertThat(b).as("both instances scan some of ours").containsAnyElementsOf(all);
            Set<String> union = new HashSet<>(a);
            union.addAll(b);
            assertThat(union).as("every watched repository has an owner").containsAll(all);
        });
        for (String repo : REPOSITORIES) {
            log.await(TagDiscovered.class, d -> d.getRepository().equals(image(repo)));
        }
        awaitScansEverywhere(3);
        for (String repo : REPOSITORIES) {
            assertThat(discovered(repo)).as(repo).containsExactly("1.0.0");
        }
    }

    @Test
    @Order(2)
    void aStoppingInstanceHandsItsRepositoriesOverWithoutDuplicateEvents() throws Exception {
        for (String repo : REPOSITORIES) {
            registry.pusher().push(repo, "1.1.0");
        }
        first.close();

        await().atMost(Duration.ofSeconds(60)).until(() -> watched(second).containsAll(all()));
        for (String repo : REPOSITORIES) {
            log.await(TagDiscovered.class, d -> d.getRepository().equals(image(repo)) && d.getTag().equals("1.1.0"));
        }
        ScanScheduler survivor = second.getBean(ScanScheduler.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> REPOSITORIES.stream()
                .allMatch(repo -> survivor.scans(image(repo)) >= 3));
        for (String repo : REPOSITORIES) {
            assertThat(discovered(repo)).as(repo).containsExactly("1.0.0", "1.1.0");
        }
    }

    private static ConfigurableApplicationContext startScanner() {
        return ScannerService.start(0, "two-scanners-" + SUFFIX, "unused-" + SUFFIX, registry);
    }

    private static String image(String repo) {
        return registry.host() + "/" + repo;
    }

    private static Set<String> all() {
        return new HashSet<>(REPOSITORIES.stream().map(TwoScannersIT::image).toList());
    }

    private static Set<String> watched(ConfigurableApplicationContext scanner) {
        return new HashSet<>(scanner.getBean(ScanScheduler.class).watched());
    }

    private static List<String> discovered(String repo) {
        return log.payloads(TagDiscovered.class, d -> d.getRepository().equals(image(repo))).stream()
                .map(TagDiscovered::getTag).toList();
    }

    private static void awaitScansEverywhere(long count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> REPOSITORIES.stream().allMatch(repo ->
                first.getBean(ScanScheduler.class).scans(image(repo))
                        + second.getBean(ScanScheduler.class).scans(image(repo)) >= count));
    }
}
