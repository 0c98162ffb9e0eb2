package io.shiplog.gitwriter.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.edit.AppSelector;
import io.shiplog.schemas.event.EventCause;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingWorkTest {

    private final PendingWork pending = new PendingWork("config", 2, Clock.systemUTC());

    private static Work.TagUpdate tag(String repository, String tag) {
        return new Work.TagUpdate(repository, tag, null, new EventCause("c-" + tag, "e-" + tag));
    }

    @Test
    void tagEventsOfOneImageCollapseToTheNewestAndItsFutureCompletesThemAll() {
        CompletableFuture<Void> older = new CompletableFuture<>();
        CompletableFuture<Void> newer = new CompletableFuture<>();
        pending.add(tag("ghcr.io/acme/web", "1.1.0"), older);
        pending.add(tag("ghcr.io/acme/web", "1.2.0"), newer);

        List<PendingWork.Entry> batch = pending.drain();
        assertThat(batch).hasSize(1);
        assertThat(((Work.TagUpdate) batch.get(0).work()).tag()).isEqualTo("1.2.0");
        assertThat(batch.get(0).works()).extracting(w -> ((Work.TagUpdate) w).tag()).containsExactly("1.1.0", "1.2.0");
        batch.get(0).complete();
        assertThat(older).isCompleted();
        assertThat(newer).isCompleted();
    }

    @Test
    void releasesOfOneImageToOtherAppsDoNotReplaceEachOther() {
        PendingWork roomy = new PendingWork("config", 10, Clock.systemUTC());
        roomy.add(release("1.1.0", "web"), new CompletableFuture<>());
        roomy.add(release("1.2.0", "shop"), new CompletableFuture<>());
        roomy.add(release("1.3.0", "apps/shop/", "web"), new CompletableFuture<>());
        roomy.add(release("1.4.0", "web", "apps/shop"), new CompletableFuture<>());

        assertThat(roomy.drain()).extracting(e -> ((Work.Release) e.work()).tag())
                .containsExactlyInAnyOrder("1.1.0", "1.2.0", "1.4.0");
    }

    private static Work.Release release(String tag, String... apps) {
        return new Work.Release("ghcr.io/acme/web", tag, null, false, "ops", new EventCause("c-" + tag, "e-" + tag),
                null, new AppSelector(List.of(apps)), List.of());
    }

    @Test
    void onlyTheLastHundredItemsOfATargetAreKeptForReportsButEveryFutureCompletes() {
        List<CompletableFuture<Void>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            futures.add(f);
            pending.add(tag("ghcr.io/acme/web", "1." + i + ".0"), f);
        }
        PendingWork.Entry entry = pending.drain().get(0);
        assertThat(entry.works()).hasSize(PendingWork.REPORTED_PER_TARGET);
        assertThat(((Work.TagUpdate) entry.work()).tag()).isEqualTo("1.149.0");
        entry.complete();
        assertThat(futures).allMatch(CompletableFuture::isDone);
    }

    @Test
    void aNewTargetBeyondTheLimitIsRefusedWhileKnownTargetsStillCollapse() {
        pending.add(tag("ghcr.io/acme/web", "1.1.0"), new CompletableFuture<>());
        pending.add(tag("ghcr.io/acme/api", "1.1.0"), new CompletableFuture<>());
        CompletableFuture<Void> third = new CompletableFuture<>();

        assertThat(pending.add(tag("ghcr.io/acme/db", "1.1.0"), third)).isFalse();
        assertThat(third).isCompletedExceptionally();
        assertThat(pending.add(tag("ghcr.io/acme/web", "1.3.0"), new CompletableFuture<>())).isTrue();
        assertThat(pending.size()).isEqualTo(2);
    }

    @Test
    void inFlightTargetsCountTowardsTheLimitUntilTheirBatchFinishes() {
        pending.add(tag("ghcr.io/acme/web", "1.1.0"), new CompletableFuture<>());
        pending.add(tag("ghcr.io/acme/api", "1.1.0"), new CompletableFuture<>());
        List<PendingWork.Entry> batch = pending.drain();

        assertThat(pending.add(tag("ghcr.io/acme/db", "1.1.0"), new CompletableFuture<>())).isFalse();
        assertThat(pending.add(tag("ghcr.io/acme/web", "1.2.0"), new CompletableFuture<>())).isTrue();
        pending.finished(batch);
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void aRetriedBatchGoesBackInFrontAndNewerWorkForItsTargetsWins() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        pending.add(tag("ghcr.io/acme/web", "1.1.0"), first);
        pending.add(tag("ghcr.io/acme/api", "1.1.0"), new CompletableFuture<>());
        List<PendingWork.Entry> batch = pending.drain();
        pending.add(tag("ghcr.io/acme/web", "1.2.0"), new CompletableFuture<>());

        pending.restore(batch);
        List<PendingWork.Entry> retried = pending.drain();
        assertThat(retried).extracting(e -> ((Work.TagUpdate) e.work()).repository() + ":"
                + ((Work.TagUpdate) e.work()).tag()).containsExactly("ghcr.io/acme/web:1.2.0", "ghcr.io/acme/api:1.1.0");
        retried.forEach(PendingWork.Entry::complete);
        assertThat(first).isCompleted();
    }
}
