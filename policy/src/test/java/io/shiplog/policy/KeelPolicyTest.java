package io.shiplog.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keel's decisions case for case: each row is one of Keel's semver policy cases ({@code internal/policy/semver.go}
 * {@code shouldUpdate} and {@code Filter}, {@code policy.go} {@code getMatchPreRelease}, the poll watcher taking
 * the highest filtered tag that should update). Columns: policy spec, current tag, available tags (blank
 * separated), the tag Keel moves to, or the result kind when it stays ({@code NoMatch}: no tag is allowed
 * at all; {@code KeepCurrent}: allowed tags exist but none is higher).
 */
class KeelPolicyTest {

    private static String chosen(String spec, String current, String tags) {
        List<TagCandidate> candidates = Stream.of(tags.split(" ")).map(TagCandidate::of).toList();
        PolicyResult result = Policies.parse(spec).select(candidates, current);
        return result instanceof PolicyResult.Chosen c ? c.candidate().tag() : result.getClass().getSimpleName();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "patch moves to a higher patch of the same minor | keel:patch | 1.4.5 | 1.4.3 1.4.6 1.5.0 2.0.0 | 1.4.6",
        "patch never moves down | keel:patch | 1.4.5 | 1.4.4 1.4.3 | KeepCurrent",
        "patch ignores a major increase even with a higher patch | keel:patch | 1.4.5 | 2.4.6 | NoMatch",
        "minor moves to a higher minor of the same major | keel:minor | 1.4.5 | 1.4.6 1.5.5 2.0.0 | 1.5.5",
        "major moves to any higher version | keel:major | 1.4.5 | 1.5.5 2.4.5 | 2.4.5",
        "all moves to any higher version | keel:all | 1.4.5 | 1.4.3 1.4.6 | 1.4.6",
        "an equal version is no update | keel:all | 1.4.5 | 1.4.5 | KeepCurrent",
        "a stable tag moves only to stable tags by default | keel:minor | 1.4.5 | 1.4.6-xx 1.5.0-rc.1 1.4.7 | 1.4.7",
        "a stable tag ignores a pre-release of a higher patch | keel:minor | v1.0.0 | v1.0.1-metadata | NoMatch",
        "a pre-release moves only to the same pre-release | keel:minor | 1.4.5-xx | 1.4.6-yy 1.4.6-xx 1.4.7 | 1.4.6-xx",
        "a pre-release with the same name and higher core moves | keel:minor | v1.0.0-metadata | v1.0.1-metadata | v1.0.1-metadata",
        "a numbered pre-release does not move to the next number by default | keel:major | 1.0.0-rc.1 | 1.0.0-rc.2 1.0.0 | NoMatch",
        "matchPreRelease false lets a stable tag move to a pre-release | keel:minor;match-prerelease=false | 1.4.5 | 1.5.0-rc.1 | 1.5.0-rc.1",
        "matchPreRelease false lets a pre-release move to the release | keel:major;match-prerelease=false | 1.0.0-rc.1 | 1.0.0-rc.2 1.0.0 | 1.0.0",
        "all allows pre-releases whatever matchPreRelease says | keel:all | 1.4.5 | 1.4.6 2.0.0-rc.1 | 2.0.0-rc.1",
        "a tag without a dot is never a version | keel:all | 1.4.5 | 3050 v2 20240101 latest | NoMatch",
        "a build number does not outrank releases | keel:major | 1.4.5 | 20240101 1.5.0 | 1.5.0",
        "two dot-separated parts are a version | keel:minor | 1.4.5 | 1.6 1.5.9 | 1.6",
        "four parts are not a version | keel:major | 1.4.5 | 1.4.6.1 1.4.6 | 1.4.6",
        "a capital V is not a version prefix | keel:major | 1.4.5 | V2.0.0 1.4.6 | 1.4.6",
        "leading zeros are read as numbers | keel:patch | 1.4.5 | 1.4.09 1.4.6 | 1.4.09",
        "a current tag without a dot is still read as a version | keel:minor | v2 | 2.1.0 3.0.0 | 2.1.0",
        "latest moves to the highest version, pre-releases included | keel:minor | latest | 1.4.0 2.0.0-rc.1 nightly | 2.0.0-rc.1",
        "a current tag that is not a version is not followed | keel:minor | stable | 1.4.0 | NoMatch",
        "glob chooses the alphabetically last matching tag | keel:glob:build-* | build-1 | build-10 build-9 release-1 | build-9",
        "glob knows only the star wildcard | keel:glob:1.? | 1.0 | 1.1 1.? | 1.?",
        "regexp chooses the alphabetically last matching tag | keel:regexp:^main- | main-1 | main-2 main-10 dev-9 | main-2",
        "regexp with a compare group orders by that group | keel:regexp:^(?P<compare>[0-9]+)-main$ | 1-main | 2-main 3-main 10-main | 3-main",
    })
    void decidesAsKeelDoes(String behaviour, String spec, String current, String tags, String expected) {
        assertThat(chosen(spec, current, tags)).as(behaviour).isEqualTo(expected);
    }
}
