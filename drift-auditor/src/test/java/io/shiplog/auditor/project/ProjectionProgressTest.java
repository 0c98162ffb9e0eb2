package io.shiplog.auditor.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProjectionProgressTest {

    private static final Instant T0 = Instant.parse("2026-11-03T10:00:00Z");

    private final ProjectionProgress progress = new ProjectionProgress(T0);

    @Test
    void catchesUpUntilNothingIsLeftToReadThenIsLive() {
        assertThat(progress.status(T0, false).state()).isEqualTo("STARTING");
        progress.following();
        progress.projected(100);
        progress.lag(50);
        assertThat(progress.status(T0.plusSeconds(10), false)).satisfies(status -> {
            assertThat(status.state()).isEqualTo("CATCHING_UP");
            assertThat(status.lag()).isEqualTo(50);
            assertThat(status.eventsPerSecond()).isEqualTo(10.0);
        });

        progress.lag(0);

        assertThat(progress.status(T0.plusSeconds(10), true).state()).isEqualTo("LIVE");
    }

    @Test
    void isRebuildingFromTheRequestUntilReadingStartsAgainWithFreshCounts() {
        progress.following();
        progress.projected(10);
        progress.deadLettered();
        progress.futureFields(3);
        progress.lag(0);

        assertThat(progress.requestRebuild()).isTrue();
        progress.lag(0);
        assertThat(progress.status(T0, false).state()).isEqualTo("REBUILDING");

        progress.rebuildStarted(T0.plusSeconds(60));
        progress.lag(10);

        assertThat(progress.status(T0.plusSeconds(61), false)).satisfies(status -> {
            assertThat(status.state()).isEqualTo("CATCHING_UP");
            assertThat(status.eventsProjected()).isZero();
            assertThat(status.deadLettered()).isZero();
            assertThat(status.futureFieldsIgnored()).isZero();
            assertThat(status.rebuilds()).isEqualTo(1);
            assertThat(status.since()).isEqualTo(T0.plusSeconds(60));
        });
    }
}
