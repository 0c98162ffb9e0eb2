package io.shiplog.auditor.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.auditor.store.Deliveries;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.FileChange;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.Person;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryCacheTest {

    private final DeliveryCache cache = new DeliveryCache();

    @Test
    void anApplyOfACommitNotSeenYetLeavesItsDeliveryToTheCommitTables() {
        assertThat(cache.deliveries(List.of("abc1234"))).isNull();
    }

    @Test
    void aCommitWhoseCauseWasNotSeenIsNotKnownEither() {
        cache.committed(commit("abc1234", List.of("tag-event"), "ghcr.io/acme/api"));
        assertThat(cache.deliveries(List.of("abc1234"))).isNull();
    }

    @Test
    void anApplyDeliversEachApplicationOfItsCommitsWithTheEarliestDiscoveryAndAHumanCommitNone() {
        cache.image("api-1", "ghcr.io/acme/api", 1_000);
        cache.image("api-2", "ghcr.io/acme/api", 500);
        cache.image("web-1", "ghcr.io/acme/web", 2_000);
        cache.committed(commit("aaa1111", List.of("api-1", "web-1"), "ghcr.io/acme/api", "ghcr.io/acme/web"));
        cache.committed(commit("bbb2222", List.of("api-2"), "ghcr.io/acme/api"));
        cache.observed(CommitObserved.newBuilder().setConfigRepo("config").setBranch("main").setSha("ccc3333")
                .setAuthor(new Person("Alice", "alice@acme.test"))
                .setCommittedAt(Instant.EPOCH).setChangedPaths(List.of("a.yaml")).build());

        Map<String, Long> expected = new HashMap<>();
        expected.put("ghcr.io/acme/api", 500L);
        expected.put("ghcr.io/acme/web", 2_000L);
        assertThat(Deliveries.decode(cache.deliveries(List.of("aaa1111", "bbb2222", "ccc3333"))))
                .isEqualTo(expected);
        assertThat(cache.deliveries(List.of("ccc3333"))).isEmpty();
    }

    @Test
    void aCommitWithoutCausesThatMovesOneApplicationTwiceDeliversItWithoutADiscoveryTime() {
        cache.committed(commit("ddd4444", List.of(), "ghcr.io/acme/api", "ghcr.io/acme/api"));

        Map<String, Long> expected = new HashMap<>();
        expected.put("ghcr.io/acme/api", null);
        assertThat(Deliveries.decode(cache.deliveries(List.of("ddd4444")))).isEqualTo(expected);
    }

    private static ManifestsCommitted commit(String sha, List<String> causes, String... repositories) {
        List<FileChange> changes = new java.util.ArrayList<>();
        for (String repository : repositories) {
            changes.add(FileChange.newBuilder().setPath("apps/" + repository + ".yaml").setRepository(repository)
                    .setField("image").setFrom("a").setTo("b").setPolicy("semver").build());
        }
        return ManifestsCommitted.newBuilder().setConfigRepo("config").setBranch("main").setSha(sha)
                .setAuthor(new Person("Shiplog", "shiplog@acme.test"))
                .setCommittedAt(Instant.EPOCH).setMessage("m").setChanges(changes).setCausingEventIds(causes)
                .build();
    }
}
