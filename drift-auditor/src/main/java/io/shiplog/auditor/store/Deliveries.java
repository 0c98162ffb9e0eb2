package io.shiplog.auditor.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code applies.deliveries} column: what a completed apply delivered, per application (image repository) its
 * commits moved, the earliest discovery of that application's causing tag. One line per application,
 * {@code repository TAB epoch-millis} (nothing after the tab: no discovery recorded); an empty string for an apply
 * that moved none; {@code NULL} when the projection did not know the commits yet ({@link CommitDeliveries} reads the
 * commit tables instead, and the projection's backfill writes its answer here once caught up).
 */
public final class Deliveries {

    /** The application of a change that names no image repository (a human commit). */
    public static final String MANUAL = "(manual)";

    private Deliveries() {
    }

    /** {@code applications} (application → earliest discovery, {@code null} for none) as the column's value. */
    public static String encode(Map<String, Long> applications) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(applications).forEach((application, at) -> out.append(application).append('\t')
                .append(at == null ? "" : Long.toString(at)).append('\n'));
        return out.toString();
    }

    /** The column's value as application → earliest discovery ({@code null}: none recorded). */
    public static Map<String, Long> decode(String deliveries) {
        Map<String, Long> out = new TreeMap<>();
        int at = 0;
        while (at < deliveries.length()) {
            int end = deliveries.indexOf('\n', at);
            end = end < 0 ? deliveries.length() : end;
            int tab = deliveries.indexOf('\t', at);
            if (tab >= 0 && tab < end) {
                out.put(deliveries.substring(at, tab),
                        tab + 1 == end ? null : Long.parseLong(deliveries, tab + 1, end, 10));
            }
            at = end + 1;
        }
        return out;
    }
}
