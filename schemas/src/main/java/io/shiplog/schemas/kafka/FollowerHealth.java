package io.shiplog.schemas.kafka;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The state of every follower of a service, by name: what the {@code kafkaFollowers} health indicator reports.
 * The service is not ready while one of them is {@link FollowerState.Restarting}.
 */
public final class FollowerHealth {

    private final Map<String, Supplier<FollowerState>> followers = new ConcurrentHashMap<>();

    /** Adds (or replaces) the follower {@code name}. */
    public void register(String name, Supplier<FollowerState> state) {
        followers.put(name, state);
    }

    /** Removes {@code name} if it is still the one registered with {@code state}. */
    public void unregister(String name, Supplier<FollowerState> state) {
        followers.remove(name, state);
    }

    /** Every follower's state, by name. */
    public Map<String, FollowerState> states() {
        Map<String, FollowerState> states = new TreeMap<>();
        followers.forEach((name, state) -> states.put(name, state.get()));
        return states;
    }

    /** Whether every follower can make progress. */
    public boolean healthy() {
        return states().values().stream().allMatch(FollowerState::healthy);
    }
}
