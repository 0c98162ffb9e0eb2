package io.shiplog.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.events.Meta;
import org.junit.jupiter.api.Test;

class EventCauseTest {

    @Test
    void namesTheReleaseAndTheEventOfAMeta() {
        Meta tagFound = new MetaFactory("registry-scanner/a").root();

        EventCause cause = EventCause.of(tagFound);

        assertThat(cause).isEqualTo(new EventCause(tagFound.getCorrelationId(), tagFound.getEventId()));
        Meta commit = new MetaFactory("git-writer/a").causedBy(cause.correlationId(), cause.eventId());
        assertThat(commit.getCorrelationId()).isEqualTo(tagFound.getEventId());
        assertThat(commit.getCausationId()).isEqualTo(tagFound.getEventId());
    }
}
