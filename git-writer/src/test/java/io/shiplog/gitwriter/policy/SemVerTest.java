package io.shiplog.gitwriter.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SemVerTest {

    private static List<String> sorted(String... tags) {
        return Stream.of(tags).sorted((a, b) -> {
            int c = SemVer.parse(a).orElseThrow().compareTo(SemVer.parse(b).orElseThrow());
            return c != 0 ? c : SemVer.TAG_TIEBREAK.compare(a, b);
        }).toList();
    }

    @Test
    void comparesDottedNumericPrereleaseIdentifiersAsNumbers() {
        assertThat(sorted("1.0.0-rc.10", "1.0.0-rc.9", "1.0.0-rc.1")).containsExactly("1.0.0-rc.1", "1.0.0-rc.9", "1.0.0-rc.10");
    }

    @Test
    void comparesDigitRunsInsideAlphanumericIdentifiersAsNumbers() {
        assertThat(sorted("1.0.0-rc10", "1.0.0-rc9", "1.0.0-rc2", "1.0.0-beta11", "1.0.0-beta3"))
                .containsExactly("1.0.0-beta3", "1.0.0-beta11", "1.0.0-rc2", "1.0.0-rc9", "1.0.0-rc10");
    }

    @Test
    void followsSemverPrecedenceForEverythingElse() {
        assertThat(sorted("1.0.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0-1"))
                .containsExactly("1.0.0-1", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                        "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
        assertThat(sorted("10.0.0", "9.9.9", "1.10.0", "1.9.0")).containsExactly("1.9.0", "1.10.0", "9.9.9", "10.0.0");
    }

    @Test
    void readsTagsLenientlyLikeFlux() {
        assertThat(SemVer.parse("v1.4")).contains(SemVer.of(1, 4, 0));
        assertThat(SemVer.parse("2")).contains(SemVer.of(2, 0, 0));
        assertThat(SemVer.parse("1.2.3+build.7").orElseThrow().build()).isEqualTo("build.7");
        assertThat(SemVer.parse("99999999999999999999.0.0")).isPresent();
        assertThat(SemVer.parse("latest")).isEmpty();
        assertThat(SemVer.parse("1.2.3.4")).isEmpty();
        assertThat(SemVer.parse("main-1.2.3")).isEmpty();
    }

    @Test
    void breaksTiesBetweenEqualVersionsByNaturalTagOrder() {
        assertThat(sorted("v1.4.0", "1.4.0", "1.4", "1.4.0+b2", "1.4.0+b10"))
                .containsExactly("1.4", "1.4.0", "1.4.0+b2", "1.4.0+b10", "v1.4.0");
    }
}
