package io.shiplog.gitwriter.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.git.CommitTrailers;
import io.shiplog.gitwriter.git.NewCommit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeadDecisionsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final HeadDecisions decisions = new HeadDecisions("writer-a", Duration.ofSeconds(30),
            Duration.ofHours(24));

    @Test
    void aCommitWhoseEventIsOutAlreadyOrThatThisLoopPublishedIsNotPublishedAgain() {
        NewCommit human = human("c1", NOW.minusSeconds(5));

        assertThat(decisions.verdict(human, Set.of("c1"), Set.of(), NOW))
                .isEqualTo(HeadDecisions.Verdict.ALREADY_PUBLISHED);
        assertThat(decisions.verdict(human, Set.of(), Set.of("c1"), NOW))
                .isEqualTo(HeadDecisions.Verdict.ALREADY_PUBLISHED);
        assertThat(decisions.verdict(human, Set.of(), Set.of(), NOW)).isEqualTo(HeadDecisions.Verdict.PUBLISH);
    }

    @Test
    void anotherInstancesRecentShiplogCommitIsGivenTheRepairGraceToGetItsEvent() {
        assertThat(decisions.verdict(shiplog("c1", "writer-b", NOW.minusSeconds(10)), Set.of(), Set.of(), NOW))
                .isEqualTo(HeadDecisions.Verdict.AWAIT_WRITER);
        assertThat(decisions.verdict(shiplog("c2", "writer-b", NOW.minusSeconds(31)), Set.of(), Set.of(), NOW))
                .as("the grace is over: repaired from its trailers").isEqualTo(HeadDecisions.Verdict.PUBLISH);
        assertThat(decisions.verdict(shiplog("c3", "writer-a", NOW.minusSeconds(1)), Set.of(), Set.of(), NOW))
                .as("this instance's own commit after a restart").isEqualTo(HeadDecisions.Verdict.PUBLISH);
    }

    @Test
    void theLogIsReadFromTenMinutesBeforeTheEarliestUnknownCommitButNotBeforeTheLookback() {
        NewCommit own = human("c0", NOW.minus(Duration.ofDays(3)));
        NewCommit recent = human("c1", NOW.minus(Duration.ofHours(1)));

        assertThat(decisions.lookupSince(List.of(own, recent), Set.of("c0"), NOW))
                .contains(NOW.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(10)));
        assertThat(decisions.lookupSince(List.of(own, recent), Set.of(), NOW))
                .contains(NOW.minus(Duration.ofHours(24)));
        assertThat(decisions.lookupSince(List.of(own), Set.of("c0"), NOW)).isEmpty();
    }

    private static NewCommit human(String sha, Instant at) {
        return new NewCommit(sha, List.of(), "Ada", "ada@example.org", "Ada", "ada@example.org", at, "fix",
                List.of("apps/a.yaml"), Map.of());
    }

    private static NewCommit shiplog(String sha, String writer, Instant at) {
        return new NewCommit(sha, List.of(), "Shiplog", "shiplog@example.org", "Shiplog", "shiplog@example.org", at,
                "update", List.of("apps/a.yaml"), Map.of(CommitTrailers.COMMIT, List.of("event-" + sha),
                CommitTrailers.WRITER, List.of(writer)));
    }
}
