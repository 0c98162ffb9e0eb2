package io.shiplog.schemas.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a failed follower waits before it starts again: {@code initial}, doubled per consecutive failure, at most
 * {@code max}.
 */
public record Backoff(Duration initial, Duration max) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max, got " + initial + " and " + max);
        }
    }

    /** The wait before attempt {@code attempt} (1 for the first restart). */
    public Duration delay(int attempt) {
        Duration delay = initial.multipliedBy(1L << Math.min(20, Math.max(0, attempt - 1)));
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
