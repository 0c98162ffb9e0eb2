package io.shiplog.auditor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
    void percentilesOfManyLeadTimesAreTheNearestRankOfTheSortedValues() {
        Random random = new Random(19);
        for (int size : new int[] {0, 1, 2, 15, 16, 17, 100, 1_001, 34_000}) {
            for (int spread : new int[] {1, 3, 1_000_000}) {
                long[] values = random.longs(size, 0, spread).toArray();
                long[] sorted = values.clone();
                Arrays.sort(sorted);

                Long[] percentiles = DoraQuery.percentiles(values, 50, 90, 99);

                assertThat(percentiles).as("%d values below %d", size, spread).containsExactly(
                        DoraQuery.percentile(sorted, 50), DoraQuery.percentile(sorted, 90),
                        DoraQuery.percentile(sorted, 99));
            }
        }
    }

    @Test
    void weeksStartOnMondayUtc() {
        assertThat(DoraQuery.week(Instant.parse("2026-11-08T23:59:59Z"))).isEqualTo("2026-11-02");
        assertThat(DoraQuery.week(Instant.parse("2026-11-09T00:00:00Z"))).isEqualTo("2026-11-09");
    }

    @Test
    void theWholeOrganisationIsAnsweredByClusterAndOneClusterOrApplicationByApplicationUnlessAsked() {
        assertThat(DoraRows.of(null, 1000, 0, null, null).by()).isEqualTo(DoraRows.By.CLUSTER);
        assertThat(DoraRows.of(" ", 1000, 0, "prod", null).by()).isEqualTo(DoraRows.By.APPLICATION);
        assertThat(DoraRows.of(null, 1000, 0, null, "web").by()).isEqualTo(DoraRows.By.APPLICATION);
        assertThat(DoraRows.of("application", 1000, 0, null, null).by()).isEqualTo(DoraRows.By.APPLICATION);
        assertThat(DoraRows.of("cluster", 1000, 0, "prod", "web").by()).isEqualTo(DoraRows.By.CLUSTER);
    }

    @Test
    void anUnknownGroupingOrAPageOutOfBoundsIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> DoraRows.of("team", 1000, 0, null, null)).isInstanceOf(InvalidQueryException.class)
                .hasMessage("by must be 'cluster' or 'application', got 'team'");
        assertThatThrownBy(() -> DoraRows.of("Cluster", 1000, 0, null, null))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("got 'Cluster'");
        assertThatThrownBy(() -> DoraRows.of(null, 0, 0, null, null)).isInstanceOf(InvalidQueryException.class)
                .hasMessage("limit must be between 1 and 5000, got 0");
        assertThatThrownBy(() -> DoraRows.of(null, 5001, 0, null, null)).isInstanceOf(InvalidQueryException.class)
                .hasMessage("limit must be between 1 and 5000, got 5001");
        assertThatThrownBy(() -> DoraRows.of(null, 1000, -1, null, null)).isInstanceOf(InvalidQueryException.class)
                .hasMessage("offset must be 0 or more, got -1");
    }

    @Test
    void aPageEndsAtTheLastRowAndOnePastItIsEmpty() {
        DoraRows page = new DoraRows(DoraRows.By.APPLICATION, 5000, Integer.MAX_VALUE - 1);

        assertThat(page.start(12)).isEqualTo(12);
        assertThat(page.end(12)).isEqualTo(12);
        assertThat(new DoraRows(DoraRows.By.APPLICATION, 10, 5).end(12)).isEqualTo(12);
        assertThat(new DoraRows(DoraRows.By.APPLICATION, 3, 5).end(12)).isEqualTo(8);
    }

    @Test
    void pagesAreBounded() {
        assertThatThrownBy(() -> new PageRequest(0, PageRequest.MAX_SIZE + 1))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("size must be between 1 and 500");
        assertThatThrownBy(() -> new PageRequest(-1, 10)).isInstanceOf(InvalidQueryException.class);
    }
}
