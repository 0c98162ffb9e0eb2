package io.shiplog.auditor.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DoraHoursTest {

    private static final long DAY = 20_394;
    private static final long MIDNIGHT = DAY * DoraDay.DAY_MS;
    private static final long HOUR = DoraHours.HOUR_MS;
    private static final String API = "registry.test/acme/api";
    private static final String WEB = "registry.test/acme/web";

    /**
     * A day's applies: a failure at 00:10 ended by a healthy deployment at exactly 01:00, a failed deployment a
     * millisecond before 06:00 ended at 06:00, a resync failing at 23:30 still open at midnight.
     */
    private static final List<DoraDay.Apply> APPLIES = List.of(
            new DoraDay.Apply(1, MIDNIGHT + 600_000, false, true, false, null),
            new DoraDay.Apply(2, MIDNIGHT + HOUR, true, false, true, API + "\t" + (MIDNIGHT + HOUR - 5_000) + "\n"),
            new DoraDay.Apply(3, MIDNIGHT + HOUR + 1, true, false, true, WEB + "\t" + (MIDNIGHT + 1_000) + "\n" + API
                    + "\t\n"),
            new DoraDay.Apply(4, MIDNIGHT + 6 * HOUR - 1, true, true, false, ""),
            new DoraDay.Apply(5, MIDNIGHT + 6 * HOUR, true, false, true, WEB + "\t" + (MIDNIGHT + 6 * HOUR - 60_000)
                    + "\n"),
            new DoraDay.Apply(6, MIDNIGHT + 23 * HOUR + 1_800_000, false, true, false, null));

    @Test
    void theHoursOfADayAddUpToTheDaysDeploymentsAndLeadTimes() {
        DoraDay day = DoraDay.of("prod", DAY, APPLIES);

        List<DoraHours.Hour> hours = DoraHours.of("prod", DAY, APPLIES).hours();

        assertThat(hours).extracting(DoraHours.Hour::hour).containsExactly(0, 1, 5, 6, 23);
        assertThat(hours.stream().mapToInt(h -> h.part().deployments()).sum()).isEqualTo(day.deployments())
                .isEqualTo(4);
        assertThat(hours.stream().mapToInt(h -> h.part().failed()).sum()).isEqualTo(day.failed()).isEqualTo(1);
        for (String application : day.applications().keySet()) {
            long[] fromHours = hours.stream().map(h -> h.part().applications().get(application))
                    .filter(d -> d != null).flatMapToLong(d -> Arrays.stream(d.leadTimes())).sorted().toArray();
            long[] fromDay = day.applications().get(application).leadTimes().clone();
            Arrays.sort(fromDay);
            assertThat(fromHours).as(application).containsExactly(fromDay);
        }
        assertThat(hours.get(1).start()).isEqualTo(MIDNIGHT + HOUR);
    }

    @Test
    void eachHourIsAStretchOfTheTimeToRestoreWalk() {
        List<DoraHours.Hour> hours = DoraHours.of("prod", DAY, APPLIES).hours();

        assertThat(hours).extracting(h -> h.part().health()).containsExactly(
                new DoraDay.Segment(MIDNIGHT + 600_000, null, List.of()),
                new DoraDay.Segment(null, MIDNIGHT + HOUR, List.of()),
                new DoraDay.Segment(MIDNIGHT + 6 * HOUR - 1, null, List.of()),
                new DoraDay.Segment(null, MIDNIGHT + 6 * HOUR, List.of()),
                new DoraDay.Segment(MIDNIGHT + 23 * HOUR + 1_800_000, null, List.of()));
    }

    @Test
    void theDayOfARollUpWalksTheFailuresOfAllItsHours() {
        DoraHours.Day rolled = DoraHours.of("prod", DAY, withRunsAfterSix());

        assertThat(rolled.day()).isEqualTo(DoraDay.of("prod", DAY, withRunsAfterSix()));
        // open from 05:59:59.999 to 06:00, 06:10 to 06:20, and from 06:30 on (the failure at 23:30 changes nothing)
        assertThat(rolled.day().health().runs()).containsExactly(
                new DoraDay.Run(MIDNIGHT + 6 * HOUR - 1, MIDNIGHT + 6 * HOUR),
                new DoraDay.Run(MIDNIGHT + 6 * HOUR + 600_000, MIDNIGHT + 6 * HOUR + 1_200_000),
                new DoraDay.Run(MIDNIGHT + 6 * HOUR + 1_800_000, null));
    }

    @Test
    void aDayWithADeploymentWhoseDeliveriesAreNotKnownHasNoHours() {
        List<DoraDay.Apply> applies = new ArrayList<>(APPLIES);
        applies.add(new DoraDay.Apply(7, MIDNIGHT + 12 * HOUR, true, false, true, null));

        assertThat(DoraHours.of("prod", DAY, applies)).isNull();
    }

    @Test
    void theHoursColumnGivesBackTheHoursAskedFor() {
        List<DoraHours.Hour> hours = DoraHours.of("prod", DAY, withRunsAfterSix()).hours();
        String column = DoraHours.encode(hours);

        assertThat(DoraHours.decode("prod", DAY, column, 0, 24)).isEqualTo(hours);
        assertThat(DoraHours.decode("prod", DAY, column, 5, 7)).isEqualTo(hours.subList(2, 4));
        assertThat(DoraHours.decode("prod", DAY, column, 2, 5)).isEmpty();
        assertThat(DoraHours.decode("prod", DAY, column, 6, 7).get(0).part().health().runs()).containsExactly(
                new DoraDay.Run(MIDNIGHT + 6 * HOUR + 600_000, MIDNIGHT + 6 * HOUR + 1_200_000),
                new DoraDay.Run(MIDNIGHT + 6 * HOUR + 1_800_000, null));
        assertThat(DoraHours.decode("prod", DAY, column, 1, 2).get(0).part().applications()).isEqualTo(Map.of(
                API, new DoraDay.Delivered(2, 0, new long[] {5_000}),
                WEB, new DoraDay.Delivered(1, 0, new long[] {HOUR + 1 - 1_000})));
    }

    @Test
    void theDeliveriesColumnGivesBackEveryApplicationWithItsLeadTimesAlsoNegativeOrNone() {
        // a tag discovered after the apply (clocks apart) gives a negative lead time; a manual commit none
        DoraDay day = DoraDay.of("prod", DAY, List.of(
                new DoraDay.Apply(1, MIDNIGHT + HOUR, true, false, true, API + "\t" + (MIDNIGHT + HOUR + 2_500) + "\n"
                        + WEB + "\t" + (MIDNIGHT + 1) + "\n"),
                new DoraDay.Apply(2, MIDNIGHT + 2 * HOUR, true, true, false, API + "\t" + (MIDNIGHT + 1_000_000)
                        + "\n"),
                new DoraDay.Apply(3, MIDNIGHT + 3 * HOUR, true, false, true, "")));

        Map<String, DoraDay.Delivered> decoded = DoraDay.decodeApplications(day.encodeApplications());

        assertThat(decoded).containsExactly(
                Map.entry(Deliveries.MANUAL, new DoraDay.Delivered(1, 0, new long[0])),
                Map.entry(API, new DoraDay.Delivered(2, 1, new long[] {-2_500, 2 * HOUR - 1_000_000})),
                Map.entry(WEB, new DoraDay.Delivered(1, 0, new long[] {HOUR - 1})));
        assertThat(DoraDay.decodeApplications(day.encodeApplications().stripTrailing())).isEqualTo(decoded);
    }

    /** The day's applies and after the healthy one of 06:00: failing at 06:10, healthy at 06:20, failing at 06:30. */
    private static List<DoraDay.Apply> withRunsAfterSix() {
        List<DoraDay.Apply> applies = new ArrayList<>(APPLIES);
        applies.add(new DoraDay.Apply(7, MIDNIGHT + 6 * HOUR + 600_000, false, true, false, null));
        applies.add(new DoraDay.Apply(8, MIDNIGHT + 6 * HOUR + 1_200_000, false, false, true, null));
        applies.add(new DoraDay.Apply(9, MIDNIGHT + 6 * HOUR + 1_800_000, false, true, false, null));
        applies.sort(Comparator.comparingLong(DoraDay.Apply::at));
        return applies;
    }
}
