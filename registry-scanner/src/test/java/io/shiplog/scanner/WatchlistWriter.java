package io.shiplog.scanner;

import io.shiplog.events.WatchedImage;
import io.shiplog.schemas.testing.TestKafka;
import java.util.List;

/** Watch-list entries as git-writer writes them, keyed by the image repository. */
final class WatchlistWriter {

    private WatchlistWriter() {
    }

    /** Watches {@code image} (host/path) of {@code registry}, tracking the digests of {@code tracked}. */
    static void watch(String image, String registry, List<String> tracked, Long intervalMs) {
        TestKafka.publish(image, WatchedImage.newBuilder().setRepository(image).setRegistry(registry)
                .setConfigRepo("http://git.invalid/config.git").setBranch("main").setHeadCommit("0".repeat(40))
                .setPolicies(List.of("semver")).setTrackedTags(tracked).setScanIntervalMs(intervalMs)
                .setUsages(List.of()).build());
    }
}
