package io.shiplog.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a policy tells the registry scanner it must read beyond the tag list. */
class ScanNeedsOfPoliciesTest {

    private static final List<String> TAGS = List.of("1.0.0", "1.1.0", "main-100", "main-200", "latest",
            "main-300.sig");

    @Test
    void newestNeedsTheCreationTimeOfTheTagsPassingItsFilterOnly() {
        assertThat(Policies.parse("newest;filter=^main-").needsCreationTime(TAGS))
                .containsExactlyInAnyOrder("main-100", "main-200");
        assertThat(Policies.parse("glob:1.*").needsCreationTime(TAGS)).containsExactlyInAnyOrder("1.0.0", "1.1.0");
        assertThat(Policies.parse("newest;exclude=^latest$").needsCreationTime(TAGS))
                .containsExactlyInAnyOrder("1.0.0", "1.1.0", "main-100", "main-200");
        assertThat(Policies.parse("keel:force").needsCreationTime(TAGS)).hasSize(5);
    }

    @Test
    void policiesOrderingTagsByNameNeedNoCreationTime() {
        for (String spec : List.of("semver:^1.0", "semver:^1.0;digest=true", "alphabetical", "numerical:desc",
                "regex:^main-(?P<n>\\d+)$;extract=$n;order=numerical", "glob:1.*;order=alphabetical", "keel:minor",
                "keel:glob:main-*", "digest:latest", "digest")) {
            assertThat(Policies.parse(spec).needsCreationTime(TAGS)).as(spec).isEmpty();
        }
    }
}
