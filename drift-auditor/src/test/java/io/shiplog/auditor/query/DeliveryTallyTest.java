package io.shiplog.auditor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.shiplog.auditor.query.Results.DeliveryRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeliveryTallyTest {

    private static final Instant MONDAY = Instant.parse("2026-11-02T10:00:00Z");

    @Test
    void rowsAreInTheOrderOfWeekClusterAndApplicationJoinedByBars() {
        // '-' and '.' sort before '|', '~' after it: "prod-eu|…" < "prod|…" < "prod~x|…"
        List<String> rows = rowKeys(tally(List.of("prod", "prod-eu", "prod~x", "prod.x", "pro"),
                List.of("app", "app-2", "app|b", "Zed", "app~"), 3));

        assertThat(rows).hasSize(5 * 5 * 3).isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(rows.get(0)).isEqualTo("2026-11-02|prod-eu|Zed");
    }

    @Test
    void aClusterNameWithABarIsOrderedByTheJoinedNames() {
        // "a|b|c" (cluster a|b, application c) comes before "a|z" (cluster a, application z)
        List<String> rows = rowKeys(tally(List.of("a", "a|b"), List.of("z", "c"), 1));

        assertThat(rows).containsExactly("2026-11-02|a|b|c", "2026-11-02|a|b|z", "2026-11-02|a|c", "2026-11-02|a|z");
    }

    @Test
    void weeksOfFiveDigitYearsAreOrderedByTheirText() {
        DeliveryTally tally = new DeliveryTally(null);
        for (String at : new String[] {"+10000-01-05T00:00:00Z", "9999-12-27T00:00:00Z", "2026-11-02T00:00:00Z"}) {
            tally.add(new DeliveryTally.Deployment(1, "prod", Instant.parse(at), false, "app", null));
        }

        assertThat(rowKeys(tally)).containsExactly("+10000-01-03|prod|app", "2026-11-02|prod|app",
                "9999-12-27|prod|app");
    }

    @Test
    void theRangesLeadTimesAreThoseOfItsRowsForTheApplicationAskedFor() {
        DeliveryTally tally = new DeliveryTally("web");
        tally.add(new DeliveryTally.Deployment(1, "prod", MONDAY, false, "web", MONDAY.toEpochMilli() - 3_000));
        tally.add(new DeliveryTally.Deployment(1, "prod", MONDAY, false, "api", MONDAY.toEpochMilli() - 5_000));
        tally.add(new DeliveryTally.Deployment(2, "test", MONDAY.plusSeconds(7 * 86_400), true, "web",
                MONDAY.toEpochMilli()));
        tally.add(new DeliveryTally.Deployment(3, "test", MONDAY, false, "web", null));

        long[] lead = tally.leadTimes();
        Arrays.sort(lead);

        assertThat(lead).containsExactly(3_000, 7 * 86_400_000L);
        assertThat(tally.total()).isEqualTo(3);
        assertThat(tally.failedTotal()).isEqualTo(1);
        assertThat(tally.rows()).extracting(DeliveryRow::cluster, DeliveryRow::deployments, DeliveryRow::leadTimeP50Ms)
                .containsExactly(tuple("prod", 1, 3_000L),
                        tuple("test", 1, null),
                        tuple("test", 1, 7 * 86_400_000L));
    }

    /** Deployments of every cluster and application in {@code weeks} weeks, added in a random order. */
    private static DeliveryTally tally(List<String> clusters, List<String> applications, int weeks) {
        List<DeliveryTally.Deployment> deployments = new ArrayList<>();
        long seq = 0;
        for (String cluster : clusters) {
            for (String application : applications) {
                for (int week = 0; week < weeks; week++) {
                    Instant at = MONDAY.plusSeconds(week * 7 * 86_400L);
                    deployments.add(new DeliveryTally.Deployment(seq++, cluster, at, false, application,
                            at.toEpochMilli() - 60_000));
                }
            }
        }
        Collections.shuffle(deployments, new Random(7));
        DeliveryTally tally = new DeliveryTally(null);
        deployments.forEach(tally::add);
        return tally;
    }

    private static List<String> rowKeys(DeliveryTally tally) {
        return tally.rows().stream().map(row -> row.week() + "|" + row.cluster() + "|" + row.application()).toList();
    }
}
