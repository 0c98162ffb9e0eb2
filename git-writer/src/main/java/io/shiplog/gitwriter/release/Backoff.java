package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.config.TuningProperties;
import java.time.Duration;

/** Doubling backoff between attempts, from {@code retry-initial-backoff} up to {@code retry-max-backoff}. */
final class Backoff {

    private Backoff() {
    }

    /** The wait before attempt {@code attempt + 1} (attempt 1 waits the initial backoff). */
    static Duration of(TuningProperties tuning, int attempt) {
        Duration d = tuning.retryInitialBackoff().multipliedBy(1L << Math.min(16, Math.max(0, attempt - 1)));
        return d.compareTo(tuning.retryMaxBackoff()) > 0 ? tuning.retryMaxBackoff() : d;
    }
}
