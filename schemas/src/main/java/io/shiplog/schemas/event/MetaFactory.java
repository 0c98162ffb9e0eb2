package io.shiplog.schemas.event;

import io.shiplog.events.Meta;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * Creates the {@code meta} of the events a service writes. A root event (a tag found, a human commit seen, a
 * command given) starts a release: its correlationId is its own eventId. Every event it causes carries the
 * correlationId on and names it as causationId, so the log is a graph the audit walks.
 */
public final class MetaFactory {

    private final String producer;
    private final Clock clock;

    /**
     * @param producer service and instance, e.g. {@code registry-scanner/host-1}
     */
    public MetaFactory(String producer, Clock clock) {
        if (producer == null || producer.isBlank()) {
            throw new IllegalArgumentException("event producer name must not be blank");
        }
        this.producer = producer;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public MetaFactory(String producer) {
        this(producer, Clock.systemUTC());
    }

    /** Meta of an event that starts a release. */
    public Meta root() {
        String id = UUID.randomUUID().toString();
        return Meta.newBuilder().setEventId(id).setOccurredAt(now()).setProducer(producer).setCorrelationId(id)
                .setCausationId(null).build();
    }

    /** Meta of an event caused by {@code cause}: same release, {@code cause} as its cause. */
    public Meta causedBy(Meta cause) {
        return Meta.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now()).setProducer(producer)
                .setCorrelationId(cause.getCorrelationId()).setCausationId(cause.getEventId()).build();
    }

    /** Meta of an event caused by {@code causeEventId} within the release {@code correlationId}. */
    public Meta causedBy(String correlationId, String causeEventId) {
        return Meta.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now()).setProducer(producer)
                .setCorrelationId(Objects.requireNonNull(correlationId, "correlationId"))
                .setCausationId(causeEventId).build();
    }

    public String producer() {
        return producer;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
