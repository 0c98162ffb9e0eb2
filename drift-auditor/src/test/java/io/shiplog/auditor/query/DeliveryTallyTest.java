package io.shiplog.auditor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.shiplog.auditor.query.Results.DeliveryRow;
import io.shiplog.auditor.store.DoraDay;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

    @Test
    void byClusterALeadTimePercentileIsTakenOverEveryDeliveryOfTheClustersWeek() {
        // web's lead times (1..6 s) from the applies, api's (7, 100, 200, 300 s) from a day's roll-up: pooled, the p50
        // is 5 s and the p90 200 s, neither of which is a percentile of one application (web 3/6/6 s, api 100/300/300 s)
        DeliveryTally perApplication = new DeliveryTally(null, DoraRows.By.APPLICATION);
        DeliveryTally perCluster = new DeliveryTally(null, DoraRows.By.CLUSTER);
        DoraDay day = new DoraDay("prod", MONDAY.getEpochSecond() / 86_400 + 1, 4, 1, Map.of("api",
                new DoraDay.Delivered(4, 1, new long[] {300_000, 7_000, 200_000, 100_000})), DoraDay.Segment.EMPTY);
        for (DeliveryTally tally : List.of(perApplication, perCluster)) {
            for (int i = 1; i <= 6; i++) {
                tally.add(new DeliveryTally.Deployment(i, "prod", MONDAY, false, "web",
                        MONDAY.toEpochMilli() - i * 1_000L));
            }
            tally.add(day);
            tally.add(new DeliveryTally.Deployment(9, "test", MONDAY, true, "web", null));
        }

        assertThat(perApplication.rows()).extracting(DeliveryRow::cluster, DeliveryRow::application,
                DeliveryRow::leadTimeP50Ms, DeliveryRow::leadTimeP90Ms, DeliveryRow::leadTimeP99Ms).containsExactly(
                tuple("prod", "api", 100_000L, 300_000L, 300_000L),
                tuple("prod", "web", 3_000L, 6_000L, 6_000L),
                tuple("test", "web", null, null, null));
        assertThat(perCluster.rows()).containsExactly(
                new DeliveryRow("2026-11-02", "prod", null, 10, 1, 0.1, 5_000L, 200_000L, 300_000L),
                new DeliveryRow("2026-11-02", "test", null, 1, 1, 1.0, null, null, null));
        assertThat(perCluster.total()).isEqualTo(perApplication.total()).isEqualTo(11);
        assertThat(perCluster.failedTotal()).isEqualTo(perApplication.failedTotal()).isEqualTo(2);
    }

    @Test
    void byClusterTheRowsOfOneApplicationArePooledPerClusterWithoutItsName() {
        DeliveryTally tally = new DeliveryTally("web", DoraRows.By.CLUSTER);
        tally.add(new DeliveryTally.Deployment(1, "prod", MONDAY, false, "web", MONDAY.toEpochMilli() - 3_000));
        tally.add(new DeliveryTally.Deployment(1, "prod", MONDAY, false, "api", MONDAY.toEpochMilli() - 5_000));
        tally.add(new DoraDay("prod", MONDAY.getEpochSecond() / 86_400, 2, 0, Map.of(
                "web", new DoraDay.Delivered(1, 0, new long[] {1_000}),
                "api", new DoraDay.Delivered(1, 0, new long[] {9_000})), DoraDay.Segment.EMPTY));

        assertThat(tally.rows()).containsExactly(
                new DeliveryRow("2026-11-02", "prod", null, 2, 0, 0.0, 1_000L, 3_000L, 3_000L));
    }

    @Test
    void byClusterRowsAreInTheOrderOfWeekAndClusterJoinedByBars() {
        // "a|b|" (cluster a|b) comes before "a|c|" and "a|" (cluster a) after "a-b|"
        DeliveryTally tally = new DeliveryTally(null, DoraRows.By.CLUSTER);
        int seq = 0;
        for (String cluster : List.of("a", "a|c", "a|b", "a-b")) {
            for (String application : List.of("z", "c")) {
                tally.add(new DeliveryTally.Deployment(++seq, cluster, MONDAY, false, application, null));
                tally.add(new DeliveryTally.Deployment(++seq, cluster, MONDAY.minusSeconds(86_400), false,
                        application, null));
            }
        }

        assertThat(rowKeys(tally)).containsExactly("2026-10-26|a-b|null", "2026-10-26|a|null",
                "2026-10-26|a|b|null", "2026-10-26|a|c|null", "2026-11-02|a-b|null", "2026-11-02|a|null",
                "2026-11-02|a|b|null", "2026-11-02|a|c|null");
        assertThat(tally.rows()).extracting(DeliveryRow::deployments).containsOnly(2);
        // without bars in the names, ranked: '-', '.' and letters sort before '|', '~' after it ("pro|" last)
        DeliveryTally ranked = new DeliveryTally(null, DoraRows.By.CLUSTER);
        for (String cluster : List.of("prod~x", "prod", "pro", "prod.x", "prod-eu")) {
            ranked.add(new DeliveryTally.Deployment(1, cluster, MONDAY, false, "web", null));
        }
        assertThat(rowKeys(ranked)).containsExactly("2026-11-02|prod-eu|null", "2026-11-02|prod.x|null",
                "2026-11-02|prod|null", "2026-11-02|prod~x|null", "2026-11-02|pro|null");
    }

    @Test
    void byClusterAnApplyThatMovedTwoApplicationsIsOneDeploymentOfTheCluster() {
        DeliveryTally perApplication = new DeliveryTally(null, DoraRows.By.APPLICATION);
        DeliveryTally perCluster = new DeliveryTally(null, DoraRows.By.CLUSTER);
        for (DeliveryTally tally : List.of(perApplication, perCluster)) {
            tally.add(new DeliveryTally.Deployment(7, "prod", MONDAY, true, "web", MONDAY.toEpochMilli() - 2_000));
            tally.add(new DeliveryTally.Deployment(7, "prod", MONDAY, true, "api", MONDAY.toEpochMilli() - 4_000));
            tally.add(new DeliveryTally.Deployment(8, "prod", MONDAY.plusSeconds(60), false, "web", null));
            // a later day of the same week from its roll-up: 3 applies, one failed, moving web twice and api twice
            tally.add(new DoraDay("prod", MONDAY.getEpochSecond() / 86_400 + 1, 3, 1, Map.of(
                    "web", new DoraDay.Delivered(2, 1, new long[] {1_000}),
                    "api", new DoraDay.Delivered(2, 0, new long[] {9_000})), DoraDay.Segment.EMPTY));
        }

        assertThat(perApplication.rows()).extracting(DeliveryRow::application, DeliveryRow::deployments,
                DeliveryRow::failedDeployments).containsExactly(tuple("api", 3, 1), tuple("web", 4, 2));
        assertThat(perCluster.rows()).extracting(DeliveryRow::application, DeliveryRow::deployments,
                DeliveryRow::failedDeployments, DeliveryRow::leadTimeP50Ms)
                .as("5 applies, 2 failed; the lead times of both applications pooled (1, 2, 4, 9 s)")
                .containsExactly(tuple(null, 5, 2, 2_000L));
        assertThat(perCluster.total()).isEqualTo(perApplication.total()).isEqualTo(5);
    }

    @Test
    void byClusterADayWithoutDeploymentsMakesNoRow() {
        DeliveryTally tally = new DeliveryTally(null, DoraRows.By.CLUSTER);
        tally.add(new DoraDay("dr", MONDAY.getEpochSecond() / 86_400, 0, 0, Map.of(), DoraDay.Segment.EMPTY));

        assertThat(tally.rows()).isEmpty();
        assertThat(tally.rowCount()).isZero();
    }

    @Test
    void aPageOfRowsIsThatPartOfAllRowsInTheirOrder() {
        DeliveryTally tally = tally(List.of("prod", "test", "dr"), List.of("web", "api"), 2);
        List<DeliveryRow> all = tally.rows();

        assertThat(tally.rowCount()).isEqualTo(12);
        assertThat(tally.rows(5, 9)).isEqualTo(all.subList(5, 9));
        assertThat(tally.rows(12, 12)).isEmpty();
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
