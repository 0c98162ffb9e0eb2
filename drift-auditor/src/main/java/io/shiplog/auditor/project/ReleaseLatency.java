package io.shiplog.auditor.project;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The release latency histogram {@value #METER} per cluster: from a tag's first discovery to the apply that brought
 * it to the cluster, as the projected log shows them (the one place that sees both). Recorded once the batch holding
 * the apply committed; applies older than {@link #LIVE} when projected (a rebuild, a long outage) are history, not
 * live releases, and are left out so that a rebuild does not flood the histogram.
 */
final class ReleaseLatency {

    static final String METER = "shiplog.release.latency";
    static final Duration LIVE = Duration.ofMinutes(15);

    /** An apply that delivered a tag discovered at {@code discoveredAt} to {@code cluster} at {@code appliedAt}. */
    record Released(String cluster, long discoveredAt, long appliedAt) {
    }

    private final MeterRegistry meters;
    private final Clock clock;

    ReleaseLatency(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    void record(List<Released> releases) {
        long now = clock.millis();
        for (Released release : releases) {
            if (now - release.appliedAt() <= LIVE.toMillis()) {
                timer(release.cluster()).record(Duration.ofMillis(Math.max(0,
                        release.appliedAt() - release.discoveredAt())));
            }
        }
    }

    private Timer timer(String cluster) {
        return Timer.builder(METER).description("Time from a tag's discovery until its apply on the cluster")
                .tag("cluster", cluster).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(50)).maximumExpectedValue(Duration.ofHours(1))
                .register(meters);
    }
}
