package io.shiplog.schemas.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a follower reads: its name (thread, health, log lines), topics, offset policy, consumer client id and
 * settings beyond the shared ones, poll bound, dead-letter path, restart backoff, and whether closing interrupts a
 * callback in progress.
 *
 * @param consumerOverrides consumer settings on top of {@link ConsumerConfigs} (e.g. {@code max.poll.records})
 * @param closeTimeout      how long {@code close()} waits for the thread (a revocation may hand work over)
 */
public record FollowerSpec(String name, List<String> topics, OffsetPolicy policy, String clientId,
                           Duration pollTimeout, Map<String, Object> consumerOverrides, DeadLetters deadLetters,
                           Backoff backoff, boolean interruptOnClose, Duration closeTimeout) {

    public FollowerSpec {
        Objects.requireNonNull(name, "name");
        topics = List.copyOf(topics);
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        consumerOverrides = Map.copyOf(consumerOverrides);
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("follower " + name + " follows no topic");
        }
    }

    /** A follower {@code name} of {@code topics}: client id = name, 200 ms polls, default backoff. */
    public static FollowerSpec of(String name, OffsetPolicy policy, DeadLetters deadLetters, String... topics) {
        return new FollowerSpec(name, List.of(topics), policy, name, Duration.ofMillis(200), Map.of(), deadLetters,
                Backoff.DEFAULT, false, Duration.ofSeconds(30));
    }

    public FollowerSpec withClientId(String id) {
        return new FollowerSpec(name, topics, policy, id, pollTimeout, consumerOverrides, deadLetters, backoff,
                interruptOnClose, closeTimeout);
    }

    public FollowerSpec withPollTimeout(Duration timeout) {
        return new FollowerSpec(name, topics, policy, clientId, timeout, consumerOverrides, deadLetters, backoff,
                interruptOnClose, closeTimeout);
    }

    public FollowerSpec withConsumerOverrides(Map<String, Object> overrides) {
        return new FollowerSpec(name, topics, policy, clientId, pollTimeout, overrides, deadLetters, backoff,
                interruptOnClose, closeTimeout);
    }

    public FollowerSpec withBackoff(Backoff restart) {
        return new FollowerSpec(name, topics, policy, clientId, pollTimeout, consumerOverrides, deadLetters, restart,
                interruptOnClose, closeTimeout);
    }

    /** Closing interrupts a callback in progress (e.g. an apply); its record is read again after a restart. */
    public FollowerSpec interruptingOnClose() {
        return new FollowerSpec(name, topics, policy, clientId, pollTimeout, consumerOverrides, deadLetters, backoff,
                true, closeTimeout);
    }

    public FollowerSpec withCloseTimeout(Duration timeout) {
        return new FollowerSpec(name, topics, policy, clientId, pollTimeout, consumerOverrides, deadLetters, backoff,
                interruptOnClose, timeout);
    }
}
