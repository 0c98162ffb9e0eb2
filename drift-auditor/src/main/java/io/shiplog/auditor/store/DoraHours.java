package io.shiplog.auditor.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The hours of a {@link DoraDay}: the roll-up of each hour of one cluster's UTC day that has applies, each a
 * {@link DoraDay} of that day made from the hour's applies alone. They are kept in the day's row
 * ({@code dora_days.hours}), so a range that starts or ends inside a day reads the whole hours it covers from there
 * and at most the rest of one hour at each end from the applies. The hours of a day, walked in order, add up to the
 * day: the same deployments, lead times and time-to-restore walk.
 */
public final class DoraHours {

    /** Milliseconds of an hour. */
    public static final long HOUR_MS = 3_600_000L;
    private static final int HOURS_PER_DAY = 24;

    private DoraHours() {
    }

    /**
     * One hour of a day and its roll-up.
     *
     * @param hour the hour of the UTC day, 0 to 23
     */
    public record Hour(int hour, DoraDay part) {

        /** The hour's first instant, in epoch milliseconds. */
        public long start() {
            return part.day() * DoraDay.DAY_MS + hour * HOUR_MS;
        }
    }

    /** A day's roll-up and those of its hours with applies, in hour order. */
    public record Day(DoraDay day, List<Hour> hours) {
    }

    /**
     * The roll-up of {@code cluster}'s {@code day} and of each of its hours with applies, from the day's
     * {@code applies} (as {@link DoraDay#of} reads them, each one's deliveries decoded once); null when a
     * deployment's deliveries are not known yet.
     */
    static Day of(String cluster, long day, List<DoraDay.Apply> applies) {
        List<DoraDay.Decoded> all = new ArrayList<>(applies.size());
        List<List<DoraDay.Decoded>> byHour = new ArrayList<>(HOURS_PER_DAY);
        for (int i = 0; i < HOURS_PER_DAY; i++) {
            byHour.add(new ArrayList<>());
        }
        for (DoraDay.Apply apply : applies) {
            DoraDay.Decoded decoded = DoraDay.Decoded.of(apply);
            all.add(decoded);
            byHour.get((int) Math.floorDiv(apply.at() - day * DoraDay.DAY_MS, HOUR_MS)).add(decoded);
        }
        DoraDay whole = DoraDay.ofDecoded(cluster, day, all);
        if (whole == null) {
            return null;
        }
        List<Hour> hours = new ArrayList<>();
        for (int hour = 0; hour < HOURS_PER_DAY; hour++) {
            if (!byHour.get(hour).isEmpty()) {
                hours.add(new Hour(hour, DoraDay.ofDecoded(cluster, day, byHour.get(hour))));
            }
        }
        return new Day(whole, hours);
    }

    /**
     * The {@code dora_days.hours} column: per hour with applies a header line {@code #hour TAB deployments TAB failed
     * TAB unhealthyFrom TAB healthyAt TAB runs} (times in epoch ms, nothing for none; runs as {@code start:resolved}
     * separated by commas, nothing after the colon for an open one), then its applications as in the day's
     * {@code deliveries} column. An application's name never starts with {@code #}.
     */
    static String encode(List<Hour> hours) {
        StringBuilder out = new StringBuilder();
        for (Hour hour : hours) {
            DoraDay part = hour.part();
            DoraDay.Segment health = part.health();
            out.append('#').append(hour.hour()).append('\t').append(part.deployments()).append('\t')
                    .append(part.failed()).append('\t');
            appendNullable(out, health.unhealthyFrom()).append('\t');
            appendNullable(out, health.healthyAt()).append('\t');
            for (int i = 0; i < health.runs().size(); i++) {
                DoraDay.Run run = health.runs().get(i);
                out.append(i == 0 ? "" : ",").append(run.start()).append(':');
                appendNullable(out, run.resolvedAt());
            }
            out.append('\n').append(part.encodeApplications());
        }
        return out.toString();
    }

    /** The hours in [{@code fromHour}, {@code toHour}) of {@code cluster}'s {@code day} from its column. */
    static List<Hour> decode(String cluster, long day, String column, int fromHour, int toHour) {
        List<Hour> hours = new ArrayList<>();
        int at = 0;
        while (at < column.length()) {
            int headerEnd = column.indexOf('\n', at);
            int next = column.indexOf("\n#", headerEnd);
            int end = next < 0 ? column.length() : next + 1;
            int hour = Integer.parseInt(column, at + 1, column.indexOf('\t', at), 10);
            if (hour >= toHour) {
                break;
            }
            if (hour >= fromHour) {
                hours.add(new Hour(hour, part(cluster, day, column.substring(at, headerEnd),
                        column.substring(headerEnd + 1, end))));
            }
            at = end;
        }
        return hours;
    }

    private static DoraDay part(String cluster, long day, String header, String applications) {
        String[] fields = header.split("\t", -1);
        List<DoraDay.Run> runs = new ArrayList<>();
        if (!fields[5].isEmpty()) {
            for (String run : fields[5].split(",")) {
                int colon = run.indexOf(':');
                runs.add(new DoraDay.Run(Long.parseLong(run, 0, colon, 10), nullableLong(run.substring(colon + 1))));
            }
        }
        return new DoraDay(cluster, day, Integer.parseInt(fields[1]), Integer.parseInt(fields[2]),
                DoraDay.decodeApplications(applications),
                new DoraDay.Segment(nullableLong(fields[3]), nullableLong(fields[4]), List.copyOf(runs)));
    }

    private static StringBuilder appendNullable(StringBuilder out, Long value) {
        return value == null ? out : out.append(value.longValue());
    }

    private static Long nullableLong(String text) {
        return text.isEmpty() ? null : Long.valueOf(text);
    }
}
