package io.shiplog.gitwriter.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.MarkerStyle;
import io.shiplog.gitwriter.manifest.WatchedRepository;
import io.shiplog.schemas.image.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchListStateTest {

    private static final String APP = "ghcr.io/acme/app";

    private static WatchedRepository used(String path, String policy, List<String> tracked) {
        ImageLocation location = new ImageLocation(path, 0, null, "image", MarkerStyle.values()[0], policy, null,
                ImageReference.parse(APP + ":1.0.0"), false, !tracked.isEmpty(), List.of());
        return new WatchedRepository(APP, "ghcr.io", List.of(policy), tracked, List.of(location));
    }

    @Test
    void twoConfigRepositoriesUsingOneImagePublishOneEntryWithTheUsagesOfBoth() throws Exception {
        WatchListState state = new WatchListState(Files.createTempDirectory("watch").resolve("state"));
        state.replace("https://git/a.git", List.of(used("a.yaml", "semver:^1", List.of())));

        WatchListState.Update update = state.replace("https://git/b.git",
                List.of(used("b.yaml", "digest:latest", List.of("latest"))));

        assertThat(update.removed()).isEmpty();
        assertThat(update.entries()).singleElement().satisfies(e -> {
            assertThat(e.repository()).isEqualTo(APP);
            assertThat(e.usages()).extracting(WatchEntry.Usage::configRepo)
                    .containsExactly("https://git/a.git", "https://git/b.git");
            assertThat(e.policies()).containsExactly("semver:^1", "digest:latest");
            assertThat(e.trackedTags()).containsExactly("latest");
        });
    }

    @Test
    void anImageLeavingOneConfigRepositoryKeepsTheOtherUsageAndIsTombstonedWhenTheLastLeaves() throws Exception {
        WatchListState state = new WatchListState(Files.createTempDirectory("watch").resolve("state"));
        state.replace("https://git/a.git", List.of(used("a.yaml", "semver:^1", List.of())));
        state.replace("https://git/b.git", List.of(used("b.yaml", "semver:^1", List.of())));

        WatchListState.Update left = state.replace("https://git/a.git", List.of());
        assertThat(left.removed()).isEmpty();
        assertThat(left.entries()).singleElement().satisfies(e -> assertThat(e.usages())
                .extracting(WatchEntry.Usage::configRepo).containsExactly("https://git/b.git"));

        WatchListState.Update gone = state.replace("https://git/b.git", List.of());
        assertThat(gone.entries()).isEmpty();
        assertThat(gone.removed()).containsExactly(APP);
    }

    @Test
    void afterARestartAnImageIsNotTombstonedWhileAnotherConfigRepositoryStillListsIt() throws Exception {
        Path file = Files.createTempDirectory("watch").resolve("state");
        WatchListState before = new WatchListState(file);
        before.replace("https://git/a.git", List.of(used("a.yaml", "semver:^1", List.of())));
        before.replace("https://git/b.git", List.of(used("b.yaml", "semver:^1", List.of())));
        before.save();

        WatchListState restarted = new WatchListState(file);
        WatchListState.Update update = restarted.replace("https://git/a.git", List.of());
        assertThat(update.removed()).isEmpty();
    }

    @Test
    void anEntryIsPublishedAgainOnlyWhenItChanged() throws Exception {
        WatchListState state = new WatchListState(Files.createTempDirectory("watch").resolve("state"));
        WatchListState.Update first = state.replace("https://git/a.git",
                List.of(used("a.yaml", "semver:^1", List.of())));
        assertThat(first.entries()).hasSize(1);
        state.published(first);

        assertThat(state.replace("https://git/a.git", List.of(used("a.yaml", "semver:^1", List.of()))).entries())
                .as("a head that leaves the entry as it was").isEmpty();
        assertThat(state.replace("https://git/a.git", List.of(used("a.yaml", "semver:^2", List.of()))).entries())
                .as("a changed policy").singleElement().satisfies(e -> assertThat(e.policies())
                        .containsExactly("semver:^2"));
    }

    @Test
    void anEntryWhosePublishingFailedIsPublishedWithTheNextHead() throws Exception {
        WatchListState state = new WatchListState(Files.createTempDirectory("watch").resolve("state"));
        state.replace("https://git/a.git", List.of(used("a.yaml", "semver:^1", List.of())));

        assertThat(state.replace("https://git/a.git", List.of(used("a.yaml", "semver:^1", List.of()))).entries())
                .hasSize(1);
    }
}
