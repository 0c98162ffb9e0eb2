package io.shiplog.auditor.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProjectionProgressTest {

    private static final Instant T0 = Instant.parse("2026-11-03T10:00:00Z");

    private final ProjectionProgress progress = new ProjectionProgress(T0);

    @Test
    void catchesUpUntilNothingIsLeftToReadThenIsLive() {
        assertThat(progress.status(T0, false).state()).isEqualTo("STARTING");
        progress.following();
        progress.read(Clock.fixed(T0, ZoneOffset.UTC));
        progress.projected(100, T0.plusSeconds(10));
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
    void ratesOnlyTheTimeFromTheFirstRecordReadToTheLastChunkWritten() {
        progress.following();
        assertThat(progress.status(T0.plusSeconds(5), false).eventsPerSecond()).isZero();

        // the service took 4 s to start after the projection was created; the status is asked for 3 s after the end
        progress.read(Clock.fixed(T0.plusSeconds(4), ZoneOffset.UTC));
        progress.read(Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));
        progress.projected(1_000, T0.plusSeconds(5));
        progress.projected(1_000, T0.plusSeconds(6));
        progress.lag(0);

        assertThat(progress.status(T0.plusSeconds(9), true).eventsPerSecond()).isEqualTo(1_000.0);
    }

    @Test
    void isRebuildingFromTheRequestUntilReadingStartsAgainWithFreshCounts() {
        progress.following();
        progress.projected(10, T0);
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
