package io.shiplog.schemas.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.schemas.kafka.FollowerHealth;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FollowerMetricsTest {

    private final FollowerHealth followers = new FollowerHealth();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aConsumersDeadLettersAreCountedFromZeroFromTheMomentItExists() {
        followers.deadLetterPath("git-writer/git-writer");
        new FollowerMetrics(followers).bindTo(meters);
        followers.deadLetterPath("git-writer/late");

        assertThat(deadLetters("git-writer/git-writer")).isZero();
        assertThat(deadLetters("git-writer/late")).isZero();

        followers.deadLettered("git-writer/late", "shiplog.images");
        followers.deadLettered("git-writer/late", "shiplog.images");

        assertThat(deadLetters("git-writer/late")).isEqualTo(2);
        assertThat(deadLetters("git-writer/git-writer")).isZero();
    }

    @Test
    void eachFollowersLagIsAGaugePerTopicThatFollowsTheLastPoll() {
        new FollowerMetrics(followers).bindTo(meters);

        followers.lag("images-follower", Map.of("shiplog.images", 120L, "shiplog.commands", 0L));
        assertThat(lag("images-follower", "shiplog.images")).isEqualTo(120);
        assertThat(lag("images-follower", "shiplog.commands")).isZero();

        followers.lag("images-follower", Map.of("shiplog.images", 3L));
        assertThat(lag("images-follower", "shiplog.images")).isEqualTo(3);
    }

    private double deadLetters(String consumer) {
        return meters.get(FollowerMetrics.DEAD_LETTERS).tag("consumer", consumer).functionCounter().count();
    }

    private double lag(String follower, String topic) {
        return meters.get(FollowerMetrics.LAG).tag("follower", follower).tag("topic", topic).gauge().value();
    }
}
