package io.shiplog.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PoliciesTest {

    private static List<TagCandidate> tags(String... tags) {
        return Stream.of(tags).map(TagCandidate::of).toList();
    }

    private static String chosen(String spec, String current, List<TagCandidate> candidates) {
        PolicyResult result = Policies.parse(spec).select(candidates, current);
        return result instanceof PolicyResult.Chosen c ? c.candidate().tag() : result.getClass().getSimpleName();
    }

    private static String chosen(String spec, String... tags) {
        return chosen(spec, null, tags(tags));
    }

    @Test
    void choosesTheHighestVersionInTheRange() {
        assertThat(chosen("semver:^1.4", "1.4.2", "1.4.10", "1.5.0", "2.0.0", "1.6.0-rc.1", "latest", "v1.5.1"))
                .isEqualTo("v1.5.1");
        assertThat(chosen("semver:~1.4", "1.4.2", "1.4.10", "1.5.0")).isEqualTo("1.4.10");
        assertThat(chosen("semver:>=1.0.0-0", "1.4.2", "1.5.0-rc.1")).isEqualTo("1.5.0-rc.1");
        // Flux compares alphanumeric pre-release identifiers in ASCII order: rc9 is above rc10
        assertThat(chosen("semver:^1.0.0-rc.1", "1.0.0-rc9", "1.0.0-rc10", "1.0.0-rc2")).isEqualTo("1.0.0-rc9");
        assertThat(chosen("semver:^1.0.0-rc.1", "1.0.0-rc.9", "1.0.0-rc.10", "1.0.0-rc.2")).isEqualTo("1.0.0-rc.10");
        assertThat(chosen("semver:^3", "1.0.0", "latest")).isEqualTo("NoMatch");
    }

    @Test
    void neverLetsABuildNumberOrAShortTagWinASemverRange() {
        assertThat(chosen("semver:>=1.0.0", "1.4.2", "20240101", "7", "1.9", "01.9.0", "v1.5.0")).isEqualTo("v1.5.0");
        assertThat(chosen("semver:*", "20240101", "1.2")).isEqualTo("NoMatch");
        assertThat(chosen("numerical:asc", "1.4.2", "20240101", "7")).isEqualTo("20240101");
        assertThat(chosen("regex:^[0-9]+$;order=numerical:asc", "20240101", "7", "1.2.3")).isEqualTo("20240101");
        // Flux v1 annotations read tags leniently, as Flux v1 did
        assertThat(chosen("semver:~1.4;lenient=true", "1.4.2", "v1.4.9", "1.5")).isEqualTo("v1.4.9");
        assertThat(chosen("semver:^1;lenient=true", "1.4.2", "1.9", "20240101")).isEqualTo("1.9");
    }

    @Test
    void appliesFilterAndExtractBeforeSemver() {
        assertThat(chosen("semver:>=1.0.0;filter=^app-(?P<v>.*)$;extract=$v", "app-1.2.0", "app-1.10.0", "2.0.0", "web-3.0.0"))
                .isEqualTo("app-1.10.0");
    }

    @Test
    void ordersRegexMatchesLikeFluxImagePolicies() {
        List<TagCandidate> tags = tags("main-1700000900", "main-1700000000", "main-999", "feature-1800000000");
        assertThat(chosen("regex:^main-(?P<ts>[0-9]+)$;extract=$ts;order=numerical:asc", null, tags)).isEqualTo("main-1700000900");
        assertThat(chosen("regex:^main-(?P<ts>[0-9]+)$;extract=${ts};order=numerical:desc", null, tags)).isEqualTo("main-999");
        assertThat(chosen("regex:^main-", null, tags)).isEqualTo("main-999");
        assertThat(chosen("regex:^main-;order=alphabetical:desc", null, tags)).isEqualTo("main-1700000000");
        assertThat(chosen("alphabetical:asc", "2024-01-01", "2024-03-01", "2023-12-31")).isEqualTo("2024-03-01");
        assertThat(chosen("numerical:asc", "9", "10", "x", "1.5")).isEqualTo("10");
        assertThat(chosen("numerical", "abc")).isEqualTo("NoMatch");
    }

    @Test
    void keepsRegexSemicolonsThatAreNotOptions() {
        assertThat(PolicySpec.parse("regex:^a;b$;order=alphabetical:asc").argument()).isEqualTo("^a;b$");
        assertThat(chosen("regex:^a;b$", "a;b", "ab")).isEqualTo("a;b");
    }

    @Test
    void choosesTheNewestImageForGlobAndNewest() {
        List<TagCandidate> tags = List.of(new TagCandidate("1.2", null, Instant.parse("2024-01-01T00:00:00Z")),
                new TagCandidate("1.10", null, Instant.parse("2024-03-01T00:00:00Z")),
                new TagCandidate("2.0", null, Instant.parse("2024-06-01T00:00:00Z")),
                new TagCandidate("1.99", null, null));
        assertThat(chosen("glob:1.*", null, tags)).isEqualTo("1.10");
        assertThat(chosen("glob:1.?", null, tags)).isEqualTo("1.2");
        assertThat(chosen("newest", null, tags)).isEqualTo("2.0");
        assertThat(chosen("glob:1.*;order=alphabetical:asc", null, tags)).isEqualTo("1.99");
    }

    @Test
    void ranksTagsWithoutCreationTimeBelowDatedOnesAndBreaksTiesByTag() {
        assertThat(chosen("newest", "b", "a", "c")).isEqualTo("c");
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        assertThat(chosen("newest", null, List.of(new TagCandidate("z", null, null), new TagCandidate("a", null, t))))
                .isEqualTo("a");
        assertThat(chosen("newest", null, List.of(new TagCandidate("build-9", null, t), new TagCandidate("build-10", null, t))))
                .isEqualTo("build-10");
    }

    @Test
    void givesTheSameAnswerWhateverTheOrderOfTheTags() {
        List<TagCandidate> tags = new ArrayList<>(tags("1.4.0", "v1.4.0", "1.4", "1.3.9", "1.4.0+b1", "junk", "1.4.0-rc.1"));
        String first = chosen("semver:^1", null, tags);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(tags, new java.util.Random(i));
            assertThat(chosen("semver:^1", null, tags)).isEqualTo(first);
        }
        assertThat(first).isEqualTo("v1.4.0");
    }

    @Test
    void neverMovesBackwardsUnlessTold() {
        List<TagCandidate> tags = tags("1.4.2", "1.5.0", "2.0.0");
        assertThat(chosen("semver:^1.4", "2.1.0", tags)).isEqualTo("KeepCurrent");
        assertThat(chosen("semver:^1.4", "1.6.0", tags)).isEqualTo("KeepCurrent");
        assertThat(chosen("semver:^1.4;backwards=true", "2.1.0", tags)).isEqualTo("1.5.0");
        assertThat(chosen("semver:^1.4", "latest", tags)).isEqualTo("1.5.0");
        assertThat(chosen("semver:^1.4", "1.5.0", tags)).isEqualTo("1.5.0");
        assertThat(chosen("alphabetical:asc", "zzz", tags("aaa", "bbb"))).isEqualTo("KeepCurrent");
        Instant old = Instant.parse("2024-01-01T00:00:00Z");
        Instant recent = Instant.parse("2024-06-01T00:00:00Z");
        List<TagCandidate> dated = List.of(new TagCandidate("a", null, old), new TagCandidate("b", null, recent));
        assertThat(chosen("newest;filter=^a$", "b", dated)).isEqualTo("KeepCurrent");
        assertThat(chosen("newest", "a", dated)).isEqualTo("b");
    }

    @Test
    void excludesSignaturesAttestationsAndSbomsByDefault() {
        assertThat(chosen("alphabetical:asc", "1.0", "sha256-abc.sig", "sha256-abc.att", "sha256-abc.sbom"))
                .isEqualTo("1.0");
        assertThat(chosen("newest;exclude=^nightly", null, List.of(
                new TagCandidate("nightly-1", null, Instant.parse("2025-01-01T00:00:00Z")),
                new TagCandidate("1.0", null, Instant.parse("2024-01-01T00:00:00Z"))))).isEqualTo("1.0");
    }

    @Test
    void pinsTheDigestOfAMutableTag() {
        String d1 = "sha256:" + "1".repeat(64);
        Policy policy = Policies.parse("digest:latest");
        PolicyResult result = policy.select(List.of(new TagCandidate("latest", d1, null), TagCandidate.of("1.0")), "latest");
        assertThat(result).isEqualTo(new PolicyResult.Chosen(new TagCandidate("latest", d1, null), "current digest of tag latest"));
        assertThat(policy.pinsDigest()).isTrue();
        assertThat(policy.trackedTag("anything")).contains("latest");
        assertThat(Policies.parse("digest").trackedTag("stable")).contains("stable");
        assertThat(policy.select(tags("1.0"), "latest")).isInstanceOf(PolicyResult.NoMatch.class);
    }

    @Test
    void followsKeelPoliciesRelativeToTheCurrentTag() {
        List<TagCandidate> tags = tags("1.4.2", "1.4.9", "1.5.0", "2.0.0", "2.1.0-rc.1", "latest");
        assertThat(chosen("keel:patch", "1.4.2", tags)).isEqualTo("1.4.9");
        assertThat(chosen("keel:minor", "1.4.2", tags)).isEqualTo("1.5.0");
        assertThat(chosen("keel:major", "1.4.2", tags)).isEqualTo("2.0.0");
        assertThat(chosen("keel:all", "1.4.2", tags)).isEqualTo("2.1.0-rc.1");
        assertThat(chosen("keel:minor", "2.0.0", tags)).isEqualTo("KeepCurrent");
        assertThat(chosen("keel:minor", "latest", tags)).isEqualTo("2.1.0-rc.1");
        assertThat(chosen("keel:minor", "stable", tags)).isEqualTo("NoMatch");
        assertThat(chosen("keel:glob:1.4.*", "1.4.2", tags)).isEqualTo("1.4.9");
        assertThat(chosen("keel:regexp:^2\\.", "1.4.2", tags)).isEqualTo("2.1.0-rc.1");
        assertThat(Policies.parse("keel:force;match-tag=true").trackedTag("stable")).contains("stable");
        assertThat(Policies.parse("keel:force").trackedTag("stable")).isEmpty();
    }

    @Test
    void boundsCatastrophicBacktracking() {
        Policy policy = Policies.parse("regex:^(.*a){12}$");
        List<TagCandidate> tags = tags("1.0", "a".repeat(30) + "!");
        assertThatThrownBy(() -> policy.select(tags, null)).isInstanceOf(PolicyEvaluationException.class)
                .hasMessageContaining("regex '^(.*a){12}$' exceeded its evaluation budget of 200000 steps on '"
                        + "a".repeat(30) + "!'");
    }

    @Test
    void rejectsSpecsThatCannotBeUsedWithAMessageNamingThem() {
        assertThatThrownBy(() -> Policies.parse("sever:^1.4")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("unknown kind 'sever'");
        assertThatThrownBy(() -> Policies.parse("regex:^(unclosed")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("regex '^(unclosed' does not compile");
        assertThatThrownBy(() -> Policies.parse("semver:^1.4;order=numerical:asc")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("option 'order' does not apply to semver");
        assertThatThrownBy(() -> Policies.parse("semver:^1.4;colour=blue")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("unknown option");
        assertThatThrownBy(() -> Policies.parse("regex:.*;order=random")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("unknown order 'random'");
        assertThatThrownBy(() -> Policies.parse("semver")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("semver needs a range");
        assertThatThrownBy(() -> Policies.parse("keel:sometimes")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("unknown keel policy 'sometimes'");
        assertThatThrownBy(() -> Policies.parse("semver:^1;backwards=maybe")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("must be true or false");
        assertThatThrownBy(() -> Policies.parse("")).isInstanceOf(PolicyException.class).hasMessageContaining("empty");
    }

    @Test
    void normalisesSpecsSoTheyParseBackEqual() {
        String spec = Policies.parse("REGEX:^main-(?P<ts>\\d+)$ ; Extract=$ts ;order=numerical:asc").spec();
        assertThat(spec).isEqualTo("regex:^main-(?P<ts>\\d+)$;extract=$ts;order=numerical:asc");
        assertThat(PolicySpec.parse(spec).toString()).isEqualTo(spec);
    }
}
