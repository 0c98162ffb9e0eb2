package io.shiplog.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SemverRangeTest {

    private static boolean satisfies(String range, String version) {
        return SemverRange.parse(range).test(SemVer.parse(version).orElseThrow());
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = ';', value = {
        "^1.4;1.4.0;true", "^1.4;1.9.9;true", "^1.4;2.0.0;false", "^1.4;1.3.9;false", "^1.4;2.0.0-rc.1;false",
        "^0.2.3;0.2.9;true", "^0.2.3;0.3.0;false", "^0.0.3;0.0.3;true", "^0.0.3;0.0.4;false", "^0.x;0.9.0;true",
        "^1.x;1.2.3;true", "^1.x;2.0.0;false",
        "~1.4;1.4.7;true", "~1.4;1.5.0;false", "~1.4.2;1.4.1;false", "~1;1.9.0;true", "~1;2.0.0;false",
        "1.x;1.0.0;true", "1.x;2.0.0;false", "1.2.*;1.2.99;true", "1.2.*;1.3.0;false", "*;99.0.0;true", "x;0.0.1;true",
        ">=1.2.0 <2.0.0;1.2.0;true", ">=1.2.0 <2.0.0;2.0.0;false", ">=1.2.0, <2.0.0;1.5.0;true",
        ">= 1.2.0 < 2.0.0;1.9.0;true", ">1.2;1.2.9;false", ">1.2;1.3.0;true", "<=1.2;1.2.9;true", "<=1.2;1.3.0;false",
        "<1.2;1.1.9;true", "<1.2;1.2.0;false", "!=1.5.0;1.5.0;false", "!=1.5.0;1.5.1;true", "=1.5.0;1.5.0;true",
        "1.5.0;1.5.0;true", "1.5.0;1.5.1;false",
        "1.2.3 - 2.3.4;2.3.4;true", "1.2.3 - 2.3.4;2.3.5;false", "1.2 - 2.3;2.3.9;true", "1.2 - 2.3;2.4.0;false",
        "1.2.3 - 2;2.9.9;true", "1.2.3 - 2;1.2.2;false",
        "^1.4 || ^3.0;3.1.0;true", "^1.4 || ^3.0;2.1.0;false", "<1.0.0 || >=2.0.0;2.0.0;true",
        "v1.x;v1.2.0;true", ">=v1.0.0;1.0.0;true",
        "!=1.x;1.5.0;false", "!=1.x;2.0.0;true", "!=1.x;0.9.0;true", "!=1.2;1.2.5;false", "!=1.2;1.3.0;true",
        "=>1.2.0;1.2.0;true", "=<1.2.0;1.2.1;false", "~0.0.0;5.0.0;true", "~0.0;0.1.0;false",
    })
    void satisfiesRangesLikeNodeSemver(String range, String version, boolean expected) {
        assertThat(satisfies(range, version)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = ';', value = {
        "^1.4;1.5.0-rc.1;false", ">=1.0.0;1.5.0-beta;false", "*;2.0.0-alpha;false",
        ">=1.0.0-0;1.5.0-beta;true", "^1.4.0-rc.1;1.4.0-rc.2;true", "^1.4.0-rc.1;1.5.0-rc.1;true",
        "^1.4.0-rc.1;2.0.0-rc.1;false", ">=1.4.0-rc.1 <1.4.0;1.4.0-rc.0;false", "1.0.0-0 - 2.0.0;1.5.0-rc.1;true",
        ">=1.0.0-0 <2;2.0.0-rc.1;true", ">=1.0.0-0 <2.0.0;2.0.0-rc.1;true", ">=1.0.0-0 >1.2;1.3.0-rc.1;true",
        ">=1.0.0-0 >1.2;1.2.9;false", ">=1.0.0-0 <=1.2;1.3.0-rc.1;false", "^1.0.0-0 || >3;4.0.0-rc.1;false",
    })
    void includesPrereleasesOnlyWhenTheRangeNamesOneLikeMastermindsSemver(String range, String version, boolean expected) {
        assertThat(satisfies(range, version)).isEqualTo(expected);
    }

    @Test
    void rejectsRangesThatAreNotRanges() {
        assertThatThrownBy(() -> SemverRange.parse("^banana")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("'banana' is not a version");
        assertThatThrownBy(() -> SemverRange.parse("1.0 - 2.0 - 3.0")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("more than one hyphen");
        assertThatThrownBy(() -> SemverRange.parse("==1.2.0")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("unknown operator '=='");
    }
}
