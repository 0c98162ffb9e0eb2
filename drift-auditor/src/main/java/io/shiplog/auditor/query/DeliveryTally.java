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

    /** One ISO week of one cluster: its groups by application. */
    private record WeekOfCluster(String week, String cluster) {
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

        /** The values, sorted in place. */
        long[] sorted() {
            Arrays.sort(values, 0, size);
            return size == values.length ? values : Arrays.copyOf(values, size);
        }
    }

    /** One week, cluster and application; {@code order} is how the rows are sorted. */
    private record Group(String order, String week, String cluster, String application, Longs lead, int[] counts) {
    }

    private final String application;
    private final Map<WeekOfCluster, Map<String, Group>> groups = new HashMap<>();
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
        Map<String, Group> byName = groupsOf(day.day(), day.cluster());
        day.applications().forEach((name, delivered) -> {
            if (application != null && !application.equals(name)) {
                return;
            }
            if (application != null) {
                rolledDeployments += delivered.deployments();
                rolledFailed += delivered.failed();
            }
            Group group = byName.computeIfAbsent(name, n -> newGroup(day.day(), day.cluster(), n));
            group.counts()[0] += delivered.deployments();
            group.counts()[1] += delivered.failed();
            group.lead().addAll(delivered.leadTimes());
            allLeadTimes.addAll(delivered.leadTimes());
        });
    }

    private Group group(long day, String cluster, String name) {
        return groupsOf(day, cluster).computeIfAbsent(name, n -> newGroup(day, cluster, n));
    }

    /** The groups of {@code day}'s week and {@code cluster}, by application. */
    private Map<String, Group> groupsOf(long day, String cluster) {
        return groups.computeIfAbsent(new WeekOfCluster(week(day), cluster), k -> new HashMap<>());
    }

    private Group newGroup(long day, String cluster, String name) {
        String week = week(day);
        return new Group(week + "|" + cluster + "|" + name, week, cluster, name, new Longs(), new int[2]);
    }

    private String week(long day) {
        return weekOfDay.computeIfAbsent(day, d -> DoraQuery.week(Instant.ofEpochSecond(d * 86_400L)));
    }

    /** The rows per week, cluster and application, in that order. */
    List<DeliveryRow> rows() {
        List<DeliveryRow> rows = new ArrayList<>();
        for (Group group : groups.values().stream().flatMap(byName -> byName.values().stream())
                .sorted(Comparator.comparing(Group::order)).toList()) {
            int count = group.counts()[0];
            int failed = group.counts()[1];
            long[] lead = group.lead().sorted();
            rows.add(new DeliveryRow(group.week(), group.cluster(), group.application(), count, failed,
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

    /** Every lead time of the range, in no particular order (the caller may reorder them). */
    long[] leadTimes() {
        return Arrays.copyOf(allLeadTimes.values, allLeadTimes.size);
    }
}
