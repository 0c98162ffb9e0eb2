package io.shiplog.scanner.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.policy.Policies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScanPlanTest {

    private static final Set<String> LISTED = Set.of("1.0.0", "1.1.0", "2.0.0", "main-100", "main-200", "latest");

    private final List<String> problems = new ArrayList<>();

    private ScanPlan plan(Map<String, String> known, Set<String> tracked, String policy, String currentTag) {
        return ScanPlan.of(known, LISTED, tracked,
                ScanNeeds.of(List.of(new ScanNeeds.Use(Policies.parse(policy), currentTag))), problems::add);
    }

    @Test
    void headsOnlyNewTagsAndTrackedTagsAndFindsRemovedOnes() {
        Map<String, String> known = Map.of("1.0", "sha256:a", "1.1", "sha256:b", "latest", "sha256:c",
                "gone", "sha256:d");

        ScanPlan plan = ScanPlan.of(known, Set.of("1.0", "1.1", "latest", "1.2"), Set.of("latest"));

        assertThat(plan.toHead()).containsExactly("1.2", "latest");
        assertThat(plan.toInspect()).containsExactly("1.2", "latest");
        assertThat(plan.removed()).containsExactly("gone");
    }

    @Test
    void aSecondScanWithNothingChangedHeadsOnlyTheTrackedTags() {
        Map<String, String> known = Map.of("1.0", "sha256:a", "latest", "sha256:c");

        assertThat(ScanPlan.of(known, Set.of("1.0", "latest"), Set.of()).toHead()).isEmpty();
        assertThat(ScanPlan.of(known, Set.of("1.0", "latest"), Set.of("latest")).toHead()).containsExactly("latest");
    }

    @Test
    void aSemverRepositoryIsScannedByItsTagListAlone() {
        ScanPlan plan = plan(Map.of(), Set.of(), "semver:^1.0", "1.0.0");

        assertThat(plan.toHead()).isEmpty();
        assertThat(plan.toInspect()).isEmpty();
        assertThat(plan.listedOnly()).isEqualTo(LISTED);
    }

    @Test
    void policiesOrderingByNameReadNothingButTheTagList() {
        for (String policy : List.of("alphabetical", "numerical:desc", "regex:^main-(?P<n>\\d+)$;extract=$n;"
                + "order=numerical", "glob:1.*;order=alphabetical", "keel:minor", "keel:glob:main-*")) {
            ScanPlan plan = plan(Map.of(), Set.of(), policy, null);

            assertThat(plan.toHead()).as(policy).isEmpty();
            assertThat(plan.listedOnly()).as(policy).isEqualTo(LISTED);
        }
    }

    @Test
    void aPolicyPinningDigestsResolvesOnlyTheTagItSelects() {
        ScanPlan plan = plan(Map.of(), Set.of(), "semver:^1.0;digest=true", "1.0.0");

        assertThat(plan.toHead()).containsExactly("1.1.0");
        assertThat(plan.toInspect()).isEmpty();
        assertThat(plan.listedOnly()).containsExactlyInAnyOrder("1.0.0", "2.0.0", "main-100", "main-200", "latest");
    }

    @Test
    void aPolicyPinningDigestsThatKeepsTheCurrentTagResolvesTheCurrentTagOnEveryScan() {
        Map<String, String> known = Map.of("1.0.0", "sha256:a", "1.1.0", "sha256:b");

        ScanPlan plan = plan(known, Set.of(), "semver:~1.0;digest=true", "1.0.0");

        assertThat(plan.toHead()).containsExactly("1.0.0");
    }

    @Test
    void aDigestPolicyResolvesItsMutableTagOnEveryScan() {
        Map<String, String> known = Map.of("latest", "sha256:c");

        ScanPlan plan = plan(known, Set.of("latest"), "digest:latest", "latest");

        assertThat(plan.toHead()).containsExactly("latest");
        assertThat(plan.toInspect()).isEmpty();
        assertThat(plan.listedOnly()).doesNotContain("latest").hasSize(LISTED.size() - 1);
    }

    @Test
    void aNewestPolicyReadsManifestsOfTheTagsPassingItsFilterWhoseDigestIsNotKnownYet() {
        Map<String, String> known = Map.of("main-100", "sha256:a");

        ScanPlan plan = plan(known, Set.of(), "newest;filter=^main-", "main-100");

        assertThat(plan.toHead()).containsExactly("main-200");
        assertThat(plan.toInspect()).containsExactly("main-200");
        assertThat(plan.listedOnly()).containsExactlyInAnyOrder("1.0.0", "1.1.0", "2.0.0", "latest");
    }

    @Test
    void aNewestCandidateKnownWithoutItsDigestIsResolvedAndRead() {
        Map<String, String> known = new java.util.HashMap<>();
        known.put("main-100", null);

        ScanPlan plan = plan(known, Set.of(), "newest;filter=^main-", null);

        assertThat(plan.toHead()).containsExactly("main-100", "main-200");
        assertThat(plan.toInspect()).containsExactly("main-100", "main-200");
    }

    @Test
    void aTagKnownWithoutDigestThatIsNoLongerListedIsRemoved() {
        Map<String, String> known = new java.util.HashMap<>();
        known.put("0.9.0", null);

        assertThat(plan(known, Set.of(), "semver:^1.0", null).removed()).containsExactly("0.9.0");
        assertThat(problems).isEmpty();
    }
}
