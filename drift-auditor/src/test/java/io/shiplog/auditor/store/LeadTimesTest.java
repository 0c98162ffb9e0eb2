package io.shiplog.auditor.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code dora_days.leads} column: a day's lead times, pooled and sorted, read back exactly. */
class LeadTimesTest {

    @Test
    void theColumnGivesBackEveryApplicationsLeadTimesPooledAndSorted() {
        byte[] column = LeadTimes.encode(List.of(
                new DoraDay.Delivered(2, 0, new long[] {130_000, 71_000}),
                new DoraDay.Delivered(1, 1, new long[0]),
                new DoraDay.Delivered(3, 0, new long[] {94_000, 71_000, 9_000_000_000L})));

        assertThat(LeadTimes.count(column)).isEqualTo(5);
        assertThat(LeadTimes.decode(column)).containsExactly(71_000, 71_000, 94_000, 130_000, 9_000_000_000L);
    }

    @Test
    void negativeLeadTimesAndTheExtremesOfALongComeBackExactly() {
        // a tag discovered after its apply (clocks apart) gives a negative lead time
        long[] sorted = {Long.MIN_VALUE, -2_500, -1, 0, 1, 127, 128, 16_384, Long.MAX_VALUE};

        assertThat(LeadTimes.decode(LeadTimes.encode(sorted))).containsExactly(sorted);
    }

    @Test
    void aDayWithoutLeadTimesIsAnEmptyColumn() {
        byte[] column = LeadTimes.encode(List.of(new DoraDay.Delivered(1, 0, new long[0])));

        assertThat(column).isEmpty();
        assertThat(LeadTimes.decode(column)).isEmpty();
    }

    @Test
    void leadTimesAreDecodedAfterThoseAlreadyThere() {
        long[] target = {7, 0, 0, 0};

        LeadTimes.decodeInto(LeadTimes.encode(new long[] {-5, 60_000, 61_000}), target, 1);

        assertThat(target).containsExactly(7, -5, 60_000, 61_000);
    }
}
