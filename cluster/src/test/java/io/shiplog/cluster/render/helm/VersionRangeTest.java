package io.shiplog.cluster.render.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionRangeTest {

    private static final List<String> PUBLISHED = List.of("0.9.0", "1.0.0", "1.2.3", "1.2.10", "1.3.0-rc.1", "1.3.0",
            "2.0.0", "v2.1.0", "not-a-version");

    private static String newest(String range) {
        return VersionRange.parse(range).newest(PUBLISHED).orElse("none");
    }

    @Test
    void picksTheNewestReleaseWithinComparisons() {
        assertThat(newest(">=1.0.0 <1.3.0")).isEqualTo("1.2.10");
        assertThat(newest(">=1.0.0, <2")).isEqualTo("1.3.0");
        assertThat(newest(">1.2")).isEqualTo("v2.1.0");
        assertThat(newest("<=1.2")).isEqualTo("1.2.10");
        assertThat(newest("!=2.1.0 >=2")).isEqualTo("2.0.0");
    }

    @Test
    void readsTildeCaretWildcardsAndHyphenRanges() {
        assertThat(newest("~1.2.3")).isEqualTo("1.2.10");
        assertThat(newest("^1.2.3")).isEqualTo("1.3.0");
        assertThat(newest("^0.9")).isEqualTo("0.9.0");
        assertThat(newest("1.2.x")).isEqualTo("1.2.10");
        assertThat(newest("1.x")).isEqualTo("1.3.0");
        assertThat(newest("*")).isEqualTo("v2.1.0");
        assertThat(newest("")).isEqualTo("v2.1.0");
        assertThat(newest("1.0 - 1.2")).isEqualTo("1.2.10");
        assertThat(newest("~0.9.0 || >=2.0.0 <2.1.0")).isEqualTo("2.0.0");
    }

    @Test
    void matchesPrereleasesOnlyWhenTheRangeNamesOne() {
        assertThat(newest(">=1.3.0-0 <1.3.0")).isEqualTo("1.3.0-rc.1");
        assertThat(newest(">1.2.10 <1.3.0")).isEqualTo("none");
    }

    @Test
    void namesAnExactVersionSoNoIndexIsNeeded() {
        assertThat(VersionRange.parse("1.2.3").exactVersion()).contains("1.2.3");
        assertThat(VersionRange.parse("=1.2.3").exactVersion()).contains("1.2.3");
        assertThat(VersionRange.parse("1.2").exactVersion()).isEmpty();
        assertThat(VersionRange.parse("^1.2.3").exactVersion()).isEmpty();
    }

    @Test
    void refusesWhatIsNoConstraintNamingIt() {
        assertThatThrownBy(() -> VersionRange.parse(">=1.0 banana")).hasMessageContaining("\"banana\"")
                .hasMessageContaining("is not a version constraint");
    }
}
