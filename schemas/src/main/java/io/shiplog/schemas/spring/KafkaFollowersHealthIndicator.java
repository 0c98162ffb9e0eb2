package io.shiplog.schemas.spring;

import io.shiplog.schemas.kafka.FollowerHealth;
import io.shiplog.schemas.kafka.FollowerState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The service's Kafka followers: DOWN while one of them is restarting after a failure (it cannot make progress),
 * with each follower's state. Part of the readiness group ({@link ShiplogDefaults}), so such an instance takes no
 * traffic until its followers run again.
 */
public final class KafkaFollowersHealthIndicator implements HealthIndicator {

    private final FollowerHealth followers;

    public KafkaFollowersHealthIndicator(FollowerHealth followers) {
        this.followers = followers;
    }

    @Override
    public Health health() {
        Map<String, FollowerState> states = followers.states();
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, FollowerState> entry : states.entrySet()) {
            details.put(entry.getKey(), describe(entry.getValue()));
            up &= entry.getValue().healthy();
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }

    private static String describe(FollowerState state) {
        if (state instanceof FollowerState.Restarting restarting) {
            return "RESTARTING (attempt " + restarting.attempt() + ", next at " + restarting.nextAttemptAt() + "): "
                    + restarting.reason();
        }
        if (state instanceof FollowerState.Running running) {
            return "RUNNING since " + running.since();
        }
        return state instanceof FollowerState.Stopped ? "STOPPED" : "STARTING";
    }
}
