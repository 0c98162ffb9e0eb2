package io.shiplog.scanner.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.events.ImageUsage;
import io.shiplog.events.WatchedImage;
import io.shiplog.scanner.scan.ScanNeeds;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchedPoliciesTest {

    @Test
    void theCurrentTagIsTheTagOfTheValueInTheFile() {
        assertThat(WatchedPolicies.currentTag("ghcr.io/acme/app:1.2.3")).isEqualTo("1.2.3");
        assertThat(WatchedPolicies.currentTag("ghcr.io/acme/app:1.2.3@sha256:" + "a".repeat(64)))
                .isEqualTo("1.2.3");
        assertThat(WatchedPolicies.currentTag("nginx:1.27")).isEqualTo("1.27");
        assertThat(WatchedPolicies.currentTag("1.2.3")).isEqualTo("1.2.3");
        assertThat(WatchedPolicies.currentTag("ghcr.io/acme/app")).isNull();
        assertThat(WatchedPolicies.currentTag("")).isNull();
    }

    @Test
    void anEntryWithoutPoliciesNeedsEverythingAndOneWithOnlyUnusablePoliciesOnlyItsTagList() {
        assertThat(needsOf(List.of()).isEverything()).isTrue();
        ScanNeeds unusable = needsOf(List.of("nonsense:1"));
        assertThat(unusable.isEverything()).isFalse();
        assertThat(unusable.toString()).isEqualTo("[]");
    }

    @Test
    void eachUsageBringsItsPolicyAndEveryOtherListedPolicyComesWithoutACurrentTag() {
        ImageUsage usage = ImageUsage.newBuilder().setPath("app.yaml").setField("image").setPolicy("semver:^1.0")
                .setCurrentValue("ghcr.io/acme/app:1.0.0").build();
        WatchedImage watched = image(List.of("semver:^1.0", "newest")).setUsages(List.of(usage)).build();

        assertThat(WatchedPolicies.needs(watched).toString()).isEqualTo("[semver:^1.0, newest]");
    }

    private static ScanNeeds needsOf(List<String> policies) {
        return WatchedPolicies.needs(image(policies).build());
    }

    private static WatchedImage.Builder image(List<String> policies) {
        return WatchedImage.newBuilder().setRepository("ghcr.io/acme/app").setRegistry("ghcr.io")
                .setConfigRepo("https://git.example.com/config.git").setBranch("main").setHeadCommit("0".repeat(40))
                .setPolicies(policies).setTrackedTags(List.of()).setScanIntervalMs(null).setUsages(List.of());
    }
}
