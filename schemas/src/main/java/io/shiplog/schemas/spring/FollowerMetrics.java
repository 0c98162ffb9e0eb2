package io.shiplog.schemas.spring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.shiplog.schemas.kafka.FollowerHealth;

/**
 * The service's Kafka consumption as meters: the gauge {@value #LAG}{@code {follower, topic}}, how many records each
 * follower is behind on each topic it reads, and the counter {@value #DEAD_LETTERS}{@code {consumer}}, records each
 * consumer sent to the dead-letter topic (from 0 as soon as the consumer exists, so a rate is never missing).
 */
public final class FollowerMetrics implements MeterBinder {

    public static final String LAG = "shiplog.kafka.consumer.lag";
    public static final String DEAD_LETTERS = "shiplog.kafka.dead.letters";

    private final FollowerHealth followers;

    public FollowerMetrics(FollowerHealth followers) {
        this.followers = followers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        followers.onLag(lagging -> Gauge.builder(LAG, followers, f -> f.lag(lagging))
                .description("Records the follower has not read yet").tag("follower", lagging.follower())
                .tag("topic", lagging.topic()).register(registry));
        followers.onDeadLetterPath(consumer -> FunctionCounter.builder(DEAD_LETTERS, followers,
                        f -> f.deadLetters(consumer)).description("Records sent to the dead-letter topic")
                .tag("consumer", consumer).register(registry));
    }
}
