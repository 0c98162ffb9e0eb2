package io.shiplog.schemas.kafka;

import java.time.Instant;

/** Where a follower is, for the health indicator. */
public sealed interface FollowerState {

    /** Created or starting its consumer; not failed. */
    record Starting() implements FollowerState {
    }

    /** Polling and handing records over since {@code since}. */
    record Running(Instant since) implements FollowerState {
    }

    /** Failed {@code attempt} times in a row; starts again at {@code nextAttemptAt}. */
    record Restarting(int attempt, String reason, Instant nextAttemptAt) implements FollowerState {
    }

    /** Closed. */
    record Stopped() implements FollowerState {
    }

    /** Whether the follower can make progress: every state but {@link Restarting}. */
    default boolean healthy() {
        return !(this instanceof Restarting);
    }
}
