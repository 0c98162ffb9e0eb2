package io.shiplog.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    @Test
    void shortDurationsMeanWhatTheySay() {
        assertThat(Times.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Times.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Times.duration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Times.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void isoDurationsStillWork() {
        assertThat(Times.duration("PT1M")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aDurationThatIsNeitherFormNamesTheInputAndTheForms() {
        assertThatThrownBy(() -> Times.duration("soon")).hasMessageContaining("'soon' is not a duration")
                .hasMessageContaining("30s").hasMessageContaining("PT30S");
    }

    @Test
    void anAgeIsThatLongBeforeNow() {
        assertThat(Times.time("2h", NOW)).isEqualTo(Instant.parse("2026-12-07T07:00:00Z"));
        assertThat(Times.time("7d", NOW)).isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
    }

    @Test
    void isoTimesAndDatesAreAbsolute() {
        assertThat(Times.time("2026-12-01T10:00:00+01:00", NOW)).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(Times.time("2026-12-01", NOW)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void aTimeThatIsNeitherFormNamesTheInput() {
        assertThatThrownBy(() -> Times.time("yesterday", NOW))
                .hasMessageContaining("'yesterday' is neither an ISO-8601 time");
    }
}
