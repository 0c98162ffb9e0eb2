package io.shiplog.auditor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoraQueryTest {

    @Test
    void percentilesAreNearestRank() {
        List<Long> values = List.of(5L, 1L, 4L, 2L, 3L);
        assertThat(DoraQuery.percentile(values, 50)).isEqualTo(3L);
        assertThat(DoraQuery.percentile(values, 99)).isEqualTo(5L);
        assertThat(DoraQuery.percentile(List.of(), 50)).isNull();
    }

    @Test
    void weeksStartOnMondayUtc() {
        assertThat(DoraQuery.week(Instant.parse("2026-11-08T23:59:59Z"))).isEqualTo("2026-11-02");
        assertThat(DoraQuery.week(Instant.parse("2026-11-09T00:00:00Z"))).isEqualTo("2026-11-09");
    }

    @Test
    void pagesAreBounded() {
        assertThatThrownBy(() -> new PageRequest(0, PageRequest.MAX_SIZE + 1))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("size must be between 1 and 500");
        assertThatThrownBy(() -> new PageRequest(-1, 10)).isInstanceOf(InvalidQueryException.class);
    }
}
