package io.shiplog.fleet.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "1h30m, PT1H30M", "2h, PT2H", "1.5h, PT1H30M",
        "10us, PT0.00001S", "0, PT0S", "-5s, PT-5S", "PT30S, PT30S", "pt1m, PT1M", "1h0m10s, PT1H10S"})
    void parsesGoAndIsoDurations(String text, String iso) {
        assertThat(Durations.parse(text)).contains(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "1d", "5 minutes", "m", "1h-5m", "P1X", "99999999999999h"})
    void refusesAnythingElse(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }
}
