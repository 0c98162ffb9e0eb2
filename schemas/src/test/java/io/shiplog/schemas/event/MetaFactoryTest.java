package io.shiplog.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.events.Meta;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MetaFactoryTest {

    private final MetaFactory factory = new MetaFactory("registry-scanner/host-1",
            Clock.fixed(Instant.parse("2026-11-28T10:00:00.123456Z"), ZoneOffset.UTC));

    @Test
    void rootEventStartsAReleaseNamedAfterItself() {
        Meta root = factory.root();

        assertThat(root.getCorrelationId()).isEqualTo(root.getEventId());
        assertThat(root.getCausationId()).isNull();
        assertThat(root.getProducer()).isEqualTo("registry-scanner/host-1");
        assertThat(root.getOccurredAt()).isEqualTo(Instant.parse("2026-11-28T10:00:00.123Z"));
    }

    @Test
    void causedEventCarriesTheReleaseOnAndNamesItsCause() {
        Meta root = factory.root();
        Meta commit = new MetaFactory("git-writer/a").causedBy(root);
        Meta apply = new MetaFactory("cluster-applier/b").causedBy(commit);

        assertThat(apply.getCorrelationId()).isEqualTo(root.getEventId());
        assertThat(apply.getCausationId()).isEqualTo(commit.getEventId());
        assertThat(commit.getCausationId()).isEqualTo(root.getEventId());
        assertThat(apply.getEventId()).isNotEqualTo(commit.getEventId());
    }

    @Test
    void refusesABlankProducer() {
        assertThatThrownBy(() -> new MetaFactory(" ")).hasMessageContaining("producer");
    }
}
