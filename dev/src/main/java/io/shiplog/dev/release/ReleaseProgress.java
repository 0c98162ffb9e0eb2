package io.shiplog.dev.release;

/** Hears of each step of a release as {@link ReleaseTracker#await} sees it happen. */
public interface ReleaseProgress {

    ReleaseProgress NONE = new ReleaseProgress() {
    };

    default void discovered(ReleaseTracker.Discovery discovery) {
    }

    default void committed(ReleaseTracker.Commit commit) {
    }

    default void applied(ReleaseTracker.Apply apply) {
    }
}
