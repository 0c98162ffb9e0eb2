package io.shiplog.auditor.query;

import io.shiplog.auditor.query.Results.DeliveryRow;
import io.shiplog.auditor.store.DoraDay;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deliveries part of the DORA query, added up from single deployments (read from the applies) and from whole
 * days (read from the roll-ups): per ISO week, cluster and application the deployments, the failed ones and the lead
 * times; over the range the deployments counted once each, the failed ones and every lead time.
 */
final class DeliveryTally {

    /** One completed apply of a new commit, for one application (image repository) it moved. */
    record Deployment(long seq, String cluster, Instant at, boolean failed, String application, Long discoveredAt) {
    }

    private record Key(String week, String cluster, String application) {
    }

    /** Lead times, unboxed (a range over every cluster holds tens of thousands). */
    private static final class Longs {
        private long[] values = new long[16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        void addAll(long[] more) {
            if (size + more.length > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + more.length));
            }
            System.arraycopy(more, 0, values, size, more.length);
            size += more.length;
        }

        long[] sorted() {
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return sorted;
        }
    }

    /** One week, cluster and application; {@code order} is how the rows are sorted. */
    private record Group(String order, Key key, Longs lead, int[] counts) {
    }

    private final String application;
    private final Map<Key, Group> groups = new HashMap<>();
    private final Map<Long, String> weekOfDay = new HashMap<>();
    private final Set<Long> deployed = new HashSet<>();
    private final Set<Long> failedDeployments = new HashSet<>();
    private final Longs allLeadTimes = new Longs();
    private int rolledDeployments;
    private int rolledFailed;

    /** @param application only this application's deployments; null for all */
    DeliveryTally(String application) {
        this.application = application;
    }

    void add(Deployment d) {
        if (application != null && !application.equals(d.application())) {
            return;
        }
        Group group = group(Math.floorDiv(d.at().getEpochSecond(), 86_400L), d.cluster(), d.application());
        group.counts()[0]++;
        group.counts()[1] += d.failed() ? 1 : 0;
        if (d.discoveredAt() != null) {
            long lead = d.at().toEpochMilli() - d.discoveredAt();
            group.lead().add(lead);
            allLeadTimes.add(lead);
        }
        deployed.add(d.seq());
        if (d.failed()) {
            failedDeployments.add(d.seq());
        }
    }

    /** A whole day of one cluster. */
    void add(DoraDay day) {
        if (application == null) {
            rolledDeployments += day.deployments();
            rolledFailed += day.failed();
        }
        day.applications().forEach((name, delivered) -> {
            if (application != null && !application.equals(name)) {
                return;
            }
            if (application != null) {
                rolledDeployments += delivered.deployments();
                rolledFailed += delivered.failed();
            }
            Group group = group(day.day(), day.cluster(), name);
            group.counts()[0] += delivered.deployments();
            group.counts()[1] += delivered.failed();
            group.lead().addAll(delivered.leadTimes());
            allLeadTimes.addAll(delivered.leadTimes());
        });
    }

    private Group group(long day, String cluster, String name) {
        String week = weekOfDay.computeIfAbsent(day, d -> DoraQuery.week(Instant.ofEpochSecond(d * 86_400L)));
        return groups.computeIfAbsent(new Key(week, cluster, name),
                k -> new Group(week + "|" + cluster + "|" + name, k, new Longs(), new int[2]));
    }

    /** The rows per week, cluster and application, in that order. */
    List<DeliveryRow> rows() {
        List<DeliveryRow> rows = new ArrayList<>();
        for (Group group : groups.values().stream().sorted(Comparator.comparing(Group::order)).toList()) {
            int count = group.counts()[0];
            int failed = group.counts()[1];
            long[] lead = group.lead().sorted();
            rows.add(new DeliveryRow(group.key().week(), group.key().cluster(), group.key().application(), count,
                    failed,
                    DoraQuery.ratio(failed, count), DoraQuery.percentile(lead, 50), DoraQuery.percentile(lead, 90),
                    DoraQuery.percentile(lead, 99)));
        }
        return rows;
    }

    /** Deployments in the range, each counted once. */
    int total() {
        return deployed.size() + rolledDeployments;
    }

    long failedTotal() {
        return failedDeployments.size() + rolledFailed;
    }

    /** Every lead time of the range, sorted. */
    long[] leadTimes() {
        return allLeadTimes.sorted();
    }
}
