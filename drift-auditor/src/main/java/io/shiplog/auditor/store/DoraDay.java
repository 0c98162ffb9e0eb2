package io.shiplog.auditor.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One cluster's UTC day of the DORA query, as the projection rolls it up into {@code dora_days}: its deployments
 * (completed applies of a new commit) per application with their lead times, and the health of its applies as a
 * {@link Segment} of the time-to-restore walk. A pure function of the day's {@code applies} rows ({@link #of}), so the
 * query adds whole days from it and reads only the partial days at a range's edges from the applies themselves.
 *
 * @param day          UTC day number (epoch millis / 86,400,000)
 * @param deployments  deployments of the day (an apply that moved several applications counts once)
 * @param failed       those that failed, partly failed or left a workload degraded
 * @param applications per application ({@link Deliveries#MANUAL} for commits naming none) what it got that day, by name
 * @param health       the day's applies, failed or healthy, for the time to restore
 */
public record DoraDay(String cluster, long day, int deployments, int failed, Map<String, Delivered> applications,
                      Segment health) {

    /** Milliseconds of a UTC day. */
    public static final long DAY_MS = 86_400_000L;

    /**
     * What one application got on one day.
     *
     * @param leadTimes tag discovered → applied, of the deployments whose discovery is known, in ms
     */
    public record Delivered(int deployments, int failed, long[] leadTimes) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Delivered d && d.deployments == deployments && d.failed == failed
                    && Arrays.equals(d.leadTimes, leadTimes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(deployments, failed, Arrays.hashCode(leadTimes));
        }

        @Override
        public String toString() {
            return "Delivered[deployments=" + deployments + ", failed=" + failed + ", leadTimes="
                    + Arrays.toString(leadTimes) + "]";
        }
    }

    /**
     * An apply of the day as the roll-up reads it.
     *
     * @param deployment a completed apply of a new commit (trigger {@code COMMIT})
     * @param failed     for a deployment: not {@code SUCCEEDED} or a workload left degraded
     * @param healthy    a completed apply that succeeded with no workload degraded (it ends a failure)
     * @param deliveries the {@code applies.deliveries} column; {@code null} while not known
     */
    public record Apply(long seq, long at, boolean deployment, boolean failed, boolean healthy, String deliveries) {
    }

    /**
     * A stretch of one cluster's applies (in time order, then log order) for the time to restore: an incident starts
     * at an unhealthy apply when none is open and ends at the next healthy apply. Stretches chain: an incident open
     * at the end of one ends at the first healthy apply of a later one.
     *
     * @param unhealthyFrom the first apply's time when it is unhealthy (it opens an incident unless one is open)
     * @param healthyAt     the first healthy apply's time (it ends the open incident); null: none
     * @param runs          the incidents that start after the first healthy apply, in order; only the last may be open
     */
    public record Segment(Long unhealthyFrom, Long healthyAt, List<Run> runs) {

        /** No applies. */
        public static final Segment EMPTY = new Segment(null, null, List.of());

        /** The segment of {@code applies}, sorted here by time, then log order (unless they are already). */
        public static Segment of(List<Apply> applies) {
            List<Apply> sorted = applies;
            for (int i = 1; i < applies.size() && sorted == applies; i++) {
                Apply before = applies.get(i - 1);
                if (before.at() > applies.get(i).at()
                        || before.at() == applies.get(i).at() && before.seq() > applies.get(i).seq()) {
                    sorted = new ArrayList<>(applies);
                    sorted.sort(Comparator.comparingLong(Apply::at).thenComparingLong(Apply::seq));
                }
            }
            Long unhealthyFrom = null;
            Long healthyAt = null;
            List<Run> runs = new ArrayList<>();
            Long open = null;
            for (Apply apply : sorted) {
                if (healthyAt == null) {
                    if (apply.healthy()) {
                        healthyAt = apply.at();
                    } else if (unhealthyFrom == null) {
                        unhealthyFrom = apply.at();
                    }
                } else if (!apply.healthy() && open == null) {
                    open = apply.at();
                    runs.add(new Run(open, null));
                } else if (apply.healthy() && open != null) {
                    runs.set(runs.size() - 1, new Run(open, apply.at()));
                    open = null;
                }
            }
            return new Segment(unhealthyFrom, healthyAt, List.copyOf(runs));
        }

    }

    /** An incident that starts at {@code start}; {@code resolvedAt} null: still open at the end of its segment. */
    public record Run(long start, Long resolvedAt) {
    }

    /**
     * The roll-up of {@code cluster}'s {@code day} from all its applies (completed and failed, any trigger); null when
     * a deployment's deliveries are not known yet (the day is then read from the applies until they are).
     */
    public static DoraDay of(String cluster, long day, List<Apply> applies) {
        List<Decoded> decoded = new ArrayList<>(applies.size());
        for (Apply apply : applies) {
            decoded.add(Decoded.of(apply));
        }
        return ofDecoded(cluster, day, decoded);
    }

    /**
     * An apply with its deliveries decoded once (for a day and its hours).
     *
     * @param applications for a deployment whose deliveries are known, application → earliest discovery; else null
     */
    record Decoded(Apply apply, Map<String, Long> applications) {

        static Decoded of(Apply apply) {
            return new Decoded(apply, apply.deployment() && apply.deliveries() != null
                    ? Deliveries.decode(apply.deliveries()) : null);
        }
    }

    /** {@link #of} for applies whose deliveries are decoded. */
    static DoraDay ofDecoded(String cluster, long day, List<Decoded> decoded) {
        int deployments = 0;
        int failed = 0;
        Map<String, Tally> tallies = new HashMap<>();
        List<Apply> applies = new ArrayList<>(decoded.size());
        for (Decoded d : decoded) {
            Apply apply = d.apply();
            applies.add(apply);
            if (!apply.deployment()) {
                continue;
            }
            if (d.applications() == null) {
                return null;
            }
            deployments++;
            failed += apply.failed() ? 1 : 0;
            Map<String, Long> applications = d.applications();
            if (applications.isEmpty()) {
                tallies.computeIfAbsent(Deliveries.MANUAL, k -> new Tally()).add(apply.failed(), null, apply.at());
            }
            applications.forEach((application, discovered) -> tallies.computeIfAbsent(application, k -> new Tally())
                    .add(apply.failed(), discovered, apply.at()));
        }
        // by name (sorted once: the names of a day share long prefixes, which makes a tree's inserts costly)
        String[] names = tallies.keySet().toArray(String[]::new);
        Arrays.sort(names);
        Map<String, Delivered> applications = new LinkedHashMap<>();
        for (String name : names) {
            Tally tally = tallies.get(name);
            applications.put(name, new Delivered(tally.count, tally.failed, Arrays.copyOf(tally.leads,
                    tally.leadCount)));
        }
        return new DoraDay(cluster, day, deployments, failed, applications, Segment.of(applies));
    }

    /** One application's deployments of a day while it is rolled up. */
    private static final class Tally {
        private int count;
        private int failed;
        private long[] leads = new long[4];
        private int leadCount;

        void add(boolean failure, Long discovered, long at) {
            count++;
            failed += failure ? 1 : 0;
            if (discovered != null) {
                if (leadCount == leads.length) {
                    leads = Arrays.copyOf(leads, leadCount * 2);
                }
                leads[leadCount++] = at - discovered;
            }
        }
    }

    /** The day of an epoch-millisecond time. */
    public static long dayOf(long at) {
        return Math.floorDiv(at, DAY_MS);
    }

    /**
     * The {@code dora_days.deliveries} column: one line per application, {@code application TAB deployments TAB
     * failed TAB lead,lead,...}.
     */
    String encodeApplications() {
        StringBuilder out = new StringBuilder();
        applications.forEach((application, delivered) -> {
            out.append(application).append('\t').append(delivered.deployments()).append('\t')
                    .append(delivered.failed()).append('\t');
            for (int i = 0; i < delivered.leadTimes().length; i++) {
                out.append(i == 0 ? "" : ",").append(delivered.leadTimes()[i]);
            }
            out.append('\n');
        });
        return out.toString();
    }

    /**
     * The {@code dora_days.deliveries} column as application → what it got, in the column's (name) order. The numbers
     * are read in one pass over the line (the column is this class's own output: decimal, an optional minus sign).
     */
    static Map<String, Delivered> decodeApplications(String column) {
        int length = column.length();
        int lines = 0;
        for (int i = column.indexOf('\n'); i >= 0; i = column.indexOf('\n', i + 1)) {
            lines++;
        }
        // sized for its lines, so that it is not rehashed as it fills
        Map<String, Delivered> out = new LinkedHashMap<>(Math.max(16, (lines + 1) * 4 / 3 + 1));
        int at = 0;
        long[] leads = new long[16];
        while (at < length) {
            int tab1 = column.indexOf('\t', at);
            String name = column.substring(at, tab1);
            int[] cursor = {tab1 + 1};
            int deployments = (int) number(column, cursor);
            int failed = (int) number(column, cursor);
            int count = 0;
            // after the failures: a tab, then the lead times separated by commas up to the line's end
            char stop = separator(column, cursor);
            while (stop == '\t' || stop == ',') {
                if (cursor[0] >= length || column.charAt(cursor[0]) == '\n') {
                    break;
                }
                if (count == leads.length) {
                    leads = Arrays.copyOf(leads, count * 2);
                }
                leads[count++] = number(column, cursor);
                stop = separator(column, cursor);
            }
            out.put(name, new Delivered(deployments, failed, Arrays.copyOf(leads, count)));
            int end = cursor[0] - 1 < length ? column.indexOf('\n', cursor[0] - 1) : -1;
            at = end < 0 ? length : end + 1;
        }
        return out;
    }

    /** The separator that ended the number before {@code cursor[0]}; a newline at the text's end. */
    private static char separator(String text, int[] cursor) {
        return cursor[0] - 1 < text.length() ? text.charAt(cursor[0] - 1) : '\n';
    }

    /**
     * The decimal number at {@code cursor[0]} of {@code text}, up to the next tab, comma, newline or the text's end;
     * {@code cursor[0]} is left after that separator.
     */
    private static long number(String text, int[] cursor) {
        int i = cursor[0];
        int length = text.length();
        boolean negative = i < length && text.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            i++;
        }
        cursor[0] = i + 1;
        return negative ? -value : value;
    }

    /** The {@code dora_days.runs} column: one line per run, {@code start TAB resolvedAt} (nothing after the tab: open). */
    String encodeRuns() {
        StringBuilder out = new StringBuilder();
        for (Run run : health.runs()) {
            out.append(run.start()).append('\t').append(run.resolvedAt() == null ? "" : run.resolvedAt()).append('\n');
        }
        return out.toString();
    }

    static List<Run> decodeRuns(String column) {
        List<Run> runs = new ArrayList<>();
        for (String line : column.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            runs.add(new Run(Long.parseLong(line, 0, tab, 10),
                    tab + 1 == line.length() ? null : Long.valueOf(line.substring(tab + 1))));
        }
        return runs;
    }
}
