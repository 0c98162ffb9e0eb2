package io.shiplog.scanner.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScanPlanTest {

    @Test
    void headsOnlyNewTagsAndTrackedTagsAndFindsRemovedOnes() {
        Map<String, String> known = Map.of("1.0", "sha256:a", "1.1", "sha256:b", "latest", "sha256:c",
                "gone", "sha256:d");

        ScanPlan plan = ScanPlan.of(known, Set.of("1.0", "1.1", "latest", "1.2"), Set.of("latest"));

        assertThat(plan.toHead()).containsExactly("1.2", "latest");
        assertThat(plan.removed()).containsExactly("gone");
    }

    @Test
    void aSecondScanWithNothingChangedHeadsOnlyTheTrackedTags() {
        Map<String, String> known = Map.of("1.0", "sha256:a", "latest", "sha256:c");

        assertThat(ScanPlan.of(known, Set.of("1.0", "latest"), Set.of()).toHead()).isEmpty();
        assertThat(ScanPlan.of(known, Set.of("1.0", "latest"), Set.of("latest")).toHead()).containsExactly("latest");
    }
}
