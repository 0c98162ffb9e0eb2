package io.shiplog.schemas.kafka;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The state of every follower of a service, by name: what the {@code kafkaFollowers} health indicator reports.
 * The service is not ready while one of them is {@link FollowerState.Restarting}. Also each follower's consumer lag
 * per topic, as its polling thread last saw it (the consumer's own fetch positions: no request to the broker), and
 * the records each consumer of the service sent to the dead-letter topic.
 */
public final class FollowerHealth {

    /** A follower reading a topic. */
    public record Lagging(String follower, String topic) {
    }

    private final Map<String, Supplier<FollowerState>> followers = new ConcurrentHashMap<>();
    private final Map<Lagging, AtomicLong> lags = new ConcurrentHashMap<>();
    private volatile Consumer<Lagging> newLag = lagging -> { };
    private final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();
    private volatile Consumer<String> newDeadLetterPath = consumer -> { };

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

    /** Records the lag of {@code follower} on each topic of {@code lagByTopic} (called from its polling thread). */
    public void lag(String follower, Map<String, Long> lagByTopic) {
        lagByTopic.forEach((topic, lag) -> {
            Lagging key = new Lagging(follower, topic);
            AtomicLong value = lags.get(key);
            if (value == null) {
                value = lags.computeIfAbsent(key, k -> new AtomicLong());
                value.set(lag);
                newLag.accept(key);
            }
            value.set(lag);
        });
    }

    /** The last lag recorded for {@code lagging} (0 before any). */
    public long lag(Lagging lagging) {
        AtomicLong value = lags.get(lagging);
        return value == null ? 0 : value.get();
    }

    /** Calls {@code listener} for every follower and topic with a lag now and for each one that appears later. */
    public synchronized void onLag(Consumer<Lagging> listener) {
        Consumer<Lagging> previous = newLag;
        newLag = previous.andThen(listener);
        Set.copyOf(lags.keySet()).forEach(listener);
    }

    /** A consumer that may send records to the dead-letter topic: counted from 0 from now on. */
    public void deadLetterPath(String consumer) {
        deadLetterCount(consumer);
    }

    /** {@code consumer} sent a record of {@code topic} to the dead-letter topic. */
    public void deadLettered(String consumer, String topic) {
        deadLetterCount(consumer).incrementAndGet();
    }

    /** Records {@code consumer} sent to the dead-letter topic so far. */
    public long deadLetters(String consumer) {
        AtomicLong count = deadLetters.get(consumer);
        return count == null ? 0 : count.get();
    }

    /** Calls {@code listener} for every consumer with a dead-letter path now and for each one that appears later. */
    public synchronized void onDeadLetterPath(Consumer<String> listener) {
        newDeadLetterPath = newDeadLetterPath.andThen(listener);
        Set.copyOf(deadLetters.keySet()).forEach(listener);
    }

    private AtomicLong deadLetterCount(String consumer) {
        AtomicLong count = deadLetters.get(consumer);
        if (count == null) {
            count = deadLetters.computeIfAbsent(consumer, c -> new AtomicLong());
            newDeadLetterPath.accept(consumer);
        }
        return count;
    }

    /** Whether every follower can make progress. */
    public boolean healthy() {
        return states().values().stream().allMatch(FollowerState::healthy);
    }
}
