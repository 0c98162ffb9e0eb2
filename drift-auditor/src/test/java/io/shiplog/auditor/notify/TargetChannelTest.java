package io.shiplog.auditor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.auditor.config.NotificationProperties.CloudEventsMode;
import io.shiplog.auditor.config.NotificationProperties.Retry;
import io.shiplog.auditor.config.NotificationProperties.Target;
import io.shiplog.auditor.config.NotificationProperties.TargetType;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TargetChannelTest {

    @Test
    void aFullQueueDropsTheNotificationAtOnceAndCountsIt() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Receiver receiver = new Receiver();
             TargetChannel channel = new TargetChannel(new Target("slow", TargetType.SLACK, receiver.hangingUrl(),
                     null, CloudEventsMode.STRUCTURED, 60, 1), new Retry(1, Duration.ofSeconds(1),
                     Duration.ofSeconds(1)), Duration.ofMinutes(10), Clock.systemUTC(), meters)) {
            Notice notice = NoticeSamples.notice(null);

            CompletableFuture<TargetChannel.Outcome> sending = channel.submit(notice);
            CompletableFuture<TargetChannel.Outcome> queued = channel.submit(notice);
            CompletableFuture<TargetChannel.Outcome> dropped = channel.submit(notice);

            assertThat(dropped).isCompletedWithValue(TargetChannel.Outcome.DROPPED);
            assertThat(sending).isNotDone();
            assertThat(queued).isNotDone();
            assertThat(meters.counter("shiplog.notifications.dropped", "target", "slow").count()).isEqualTo(1.0);
            assertThat(meters.get("shiplog.notifications.queued").tag("target", "slow").gauge().value())
                    .isEqualTo(1.0);
        }
    }
}
