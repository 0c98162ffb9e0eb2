package io.shiplog.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    void comparesAlphanumericPrereleaseIdentifiersInAsciiOrderLikeFlux() {
        assertThat(sorted("1.0.0-rc10", "1.0.0-rc9", "1.0.0-rc2", "1.0.0-beta11", "1.0.0-beta3"))
                .containsExactly("1.0.0-beta11", "1.0.0-beta3", "1.0.0-rc10", "1.0.0-rc2", "1.0.0-rc9");
    }

    @Test
    void followsSemverPrecedenceForEverythingElse() {
        assertThat(sorted("1.0.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0-1"))
                .containsExactly("1.0.0-1", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                        "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
        assertThat(sorted("10.0.0", "9.9.9", "1.10.0", "1.9.0")).containsExactly("1.9.0", "1.10.0", "9.9.9", "10.0.0");
    }

    @ParameterizedTest(name = "{0} is a Flux semver version: {1}")
    @CsvSource(delimiter = ';', value = {
        "1.2.3;true", "v1.2.3;true", "1.2.3-rc.1;true", "1.2.3+build.7;true", "0.0.0;true", "1.2.3-0a;true",
        "18446744073709551615.0.0;true",
        "1.2;false", "v1.4;false", "7;false", "20240101;false", "01.2.3;false", "1.02.3;false", "1.2.03;false",
        "1.2.3-01;false", "V1.2.3;false", "vv1.2.3;false", "1.2.3.4;false", "main-1.2.3;false", "latest;false",
        "1.2.3-;false", "1.2.3-rc..1;false", "18446744073709551616.0.0;false",
    })
    void readsTagsAsVersionsOnlyWhenFluxDoes(String tag, boolean version) {
        assertThat(SemVer.parse(tag).isPresent()).isEqualTo(version);
    }

    @Test
    void keepsBuildMetadataOutOfThePrecedence() {
        assertThat(SemVer.parse("1.2.3+build.7").orElseThrow().build()).isEqualTo("build.7");
        assertThat(SemVer.parse("1.2.3+build.7").orElseThrow().compareTo(SemVer.parse("1.2.3").orElseThrow())).isZero();
    }

    @ParameterizedTest(name = "{0} is a Keel version: {1}")
    @CsvSource(delimiter = ';', value = {
        "1.2.3;1.2.3", "v1.4;1.4.0", "2;2.0.0", "01.2.3;1.2.3", "1.2.3-rc.01;1.2.3-rc.01", "V1.2.3;none",
        "1.2.3.4;none", "latest;none", "9223372036854775808.0.0;none",
    })
    void readsTagsLenientlyLikeKeel(String tag, String version) {
        assertThat(SemVer.parseLenient(tag).map(SemVer::toString).orElse("none")).isEqualTo(version);
    }

    @Test
    void breaksTiesBetweenEqualVersionsByNaturalTagOrder() {
        assertThat(sorted("v1.4.0", "1.4.0", "1.4.0+b2", "1.4.0+b10"))
                .containsExactly("1.4.0", "1.4.0+b2", "1.4.0+b10", "v1.4.0");
    }
}
