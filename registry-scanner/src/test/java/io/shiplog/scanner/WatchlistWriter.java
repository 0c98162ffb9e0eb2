package io.shiplog.scanner;

import io.shiplog.events.ImageUsage;
import io.shiplog.events.WatchedImage;
import io.shiplog.schemas.testing.TestKafka;
import java.util.List;

/** Watch-list entries as git-writer writes them, keyed by the image repository. */
final class WatchlistWriter {

    private WatchlistWriter() {
    }

    /**
     * Watches {@code image} (host/path) of {@code registry} for a {@code semver:>=0.0.0} policy (its tags are listed
     * only), tracking the digests of {@code tracked}.
     */
    static void watch(String image, String registry, List<String> tracked, Long intervalMs) {
        watch(image, registry, "semver:>=0.0.0", null, tracked, intervalMs);
    }

    /** Watches {@code image} for one manifest using {@code policy}, whose value is now {@code current} (or none). */
    static void watch(String image, String registry, String policy, String current, List<String> tracked,
                      Long intervalMs) {
        List<ImageUsage> usages = current == null ? List.of() : List.of(ImageUsage.newBuilder().setPath("app.yaml")
                .setField("spec.template.spec.containers[0].image").setPolicy(policy).setCurrentValue(current)
                .build());
        TestKafka.publish(image, WatchedImage.newBuilder().setRepository(image).setRegistry(registry)
                .setConfigRepo("http://git.invalid/config.git").setBranch("main").setHeadCommit("0".repeat(40))
                .setPolicies(List.of(policy)).setTrackedTags(tracked).setScanIntervalMs(intervalMs)
                .setUsages(usages).build());
    }
}
