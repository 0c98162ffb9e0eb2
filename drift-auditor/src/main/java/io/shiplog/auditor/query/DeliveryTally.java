package io.shiplog.auditor.query;

import io.shiplog.auditor.query.Results.DeliveryRow;
import io.shiplog.auditor.store.DoraDay;
import io.shiplog.auditor.store.DoraDays;
import io.shiplog.auditor.store.LeadTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deliveries part of the DORA query, added up from single deployments (read from the applies) and from whole
 * days (read from the roll-ups): per ISO week, cluster and application (or, {@link DoraRows.By#CLUSTER by cluster},
 * per ISO week and cluster, its applications pooled) the deployments, the failed ones and the lead times; over the
 * range the deployments counted once each, the failed ones and every lead time.
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

        /** The lead times of a {@code dora_days.leads} column, decoded in place. */
        void addEncoded(byte[] column) {
            int more = LeadTimes.count(column);
            if (size + more > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + more));
            }
            LeadTimes.decodeInto(column, values, size);
            size += more;
        }

        /** The values, as many as there are (the array itself when it is full). */
        long[] trimmed() {
            return size == values.length ? values : Arrays.copyOf(values, size);
        }
    }

    /**
     * One week, cluster and application ({@code app}: the application's id in this tally; {@code index}: the group's
     * place in the order groups were made), or one week and cluster (by cluster: application null, app 0).
     */
    private record Group(String week, String cluster, String application, int app, int index, Longs lead,
                         int[] counts) {

        /** How the rows are sorted. */
        String order() {
            return week + "|" + cluster + "|" + (application == null ? "" : application);
        }
    }

    /** The groups of one week and cluster, by application id. */
    private static final class Groups {
        private Group[] byApp = new Group[64];

        Group get(int app) {
            return app < byApp.length ? byApp[app] : null;
        }

        void put(int app, Group group) {
            if (app >= byApp.length) {
                byApp = Arrays.copyOf(byApp, Math.max(app + 1, byApp.length * 2));
            }
            byApp[app] = group;
        }
    }

    /** Bits of a group's sort key (a long): the week's rank, the cluster's, the application's, the group's index. */
    private static final int WEEK_BITS = 6;
    private static final int NAME_BITS = 18;
    private static final int INDEX_BITS = 21;

    private final String application;
    /** One group per week and cluster, its applications pooled. */
    private final boolean byCluster;
    private final Map<WeekOfCluster, Groups> groups = new HashMap<>();
    /** The applications met so far, numbered in that order (a name is hashed once per day it appears in). */
    private final Map<String, Integer> appIds = new HashMap<>();
    private final List<String> appNames = new ArrayList<>();
    private final List<Group> all = new ArrayList<>();
    private final Map<Long, String> weekOfDay = new HashMap<>();
    private final Set<Long> deployed = new HashSet<>();
    private final Set<Long> failedDeployments = new HashSet<>();
    private int rolledDeployments;
    private int rolledFailed;

    /** Per application. @param application only this application's deployments; null for all */
    DeliveryTally(String application) {
        this(application, DoraRows.By.APPLICATION);
    }

    /**
     * @param application only this application's deployments; null for all
     * @param by the rows' grouping: per application, or per cluster with its applications pooled
     */
    DeliveryTally(String application, DoraRows.By by) {
        this.application = application;
        this.byCluster = by == DoraRows.By.CLUSTER;
    }

    void add(Deployment d) {
        if (application != null && !application.equals(d.application())) {
            return;
        }
        long day = Math.floorDiv(d.at().getEpochSecond(), 86_400L);
        Group group = group(groupsOf(day, d.cluster()), day, d.cluster(), d.application());
        boolean first = deployed.add(d.seq());
        // by cluster an apply that moved several applications is one deployment of the cluster (its row's group)
        if (first || !byCluster) {
            group.counts()[0]++;
            group.counts()[1] += d.failed() ? 1 : 0;
        }
        if (d.discoveredAt() != null) {
            long lead = d.at().toEpochMilli() - d.discoveredAt();
            group.lead().add(lead);
        }
        if (d.failed()) {
            failedDeployments.add(d.seq());
        }
    }

    /** Whether {@link #add(DoraDays.PooledDay) pooled days} are what this tally needs of a whole day. */
    boolean takesPooledDays() {
        return byCluster && application == null;
    }

    /** A whole day of one cluster, its applications pooled (only when {@link #takesPooledDays()}). */
    void add(DoraDays.PooledDay day) {
        rolledDeployments += day.deployments();
        rolledFailed += day.failed();
        // no group without a deployment (a day's lead times are those of its deployments)
        if (day.deployments() == 0) {
            return;
        }
        Group group = group(groupsOf(day.day(), day.cluster()), day.day(), day.cluster(), null);
        group.counts()[0] += day.deployments();
        group.counts()[1] += day.failed();
        group.lead().addEncoded(day.leadTimes());
    }

    /** A whole day of one cluster. */
    void add(DoraDay day) {
        if (application == null) {
            rolledDeployments += day.deployments();
            rolledFailed += day.failed();
        }
        Groups byApp = groupsOf(day.day(), day.cluster());
        if (byCluster && application == null) {
            // the day's deployments of the cluster counted once each, the lead times of every application pooled,
            // no name looked up (no group without a deployment)
            if (day.deployments() == 0 && day.applications().isEmpty()) {
                return;
            }
            Group group = group(byApp, day.day(), day.cluster(), null);
            group.counts()[0] += day.deployments();
            group.counts()[1] += day.failed();
            for (DoraDay.Delivered delivered : day.applications().values()) {
                group.lead().addAll(delivered.leadTimes());
            }
            return;
        }
        day.applications().forEach((name, delivered) -> {
            if (application != null && !application.equals(name)) {
                return;
            }
            if (application != null) {
                rolledDeployments += delivered.deployments();
                rolledFailed += delivered.failed();
            }
            Group group = group(byApp, day.day(), day.cluster(), name);
            group.counts()[0] += delivered.deployments();
            group.counts()[1] += delivered.failed();
            group.lead().addAll(delivered.leadTimes());
        });
    }

    /**
     * The group of {@code name} among {@code byApp} (those of {@code day}'s week and {@code cluster}); by cluster, the
     * one group of that week and cluster whatever the name.
     */
    private Group group(Groups byApp, long day, String cluster, String name) {
        if (byCluster) {
            Group group = byApp.get(0);
            if (group == null) {
                group = new Group(week(day), cluster, null, 0, all.size(), new Longs(), new int[2]);
                byApp.put(0, group);
                all.add(group);
            }
            return group;
        }
        Integer known = appIds.get(name);
        int app = known != null ? known : newApp(name);
        Group group = byApp.get(app);
        if (group == null) {
            group = new Group(week(day), cluster, appNames.get(app), app, all.size(), new Longs(), new int[2]);
            byApp.put(app, group);
            all.add(group);
        }
        return group;
    }

    private int newApp(String name) {
        appIds.put(name, appNames.size());
        appNames.add(name);
        return appNames.size() - 1;
    }

    /** The groups of {@code day}'s week and {@code cluster}, by application. */
    private Groups groupsOf(long day, String cluster) {
        return groups.computeIfAbsent(new WeekOfCluster(week(day), cluster), k -> new Groups());
    }

    private String week(long day) {
        return weekOfDay.computeIfAbsent(day, d -> DoraQuery.week(Instant.ofEpochSecond(d * 86_400L)));
    }

    /** The rows per week, cluster and application (by cluster: per week and cluster), in that order. */
    List<DeliveryRow> rows() {
        return rows(0, all.size());
    }

    /** The rows in [{@code start}, {@code end}) of {@link #rows()} (the others' percentiles are not worked out). */
    List<DeliveryRow> rows(int start, int end) {
        List<Group> page = inOrder().subList(start, end);
        List<DeliveryRow> rows = new ArrayList<>(page.size());
        for (Group group : page) {
            int count = group.counts()[0];
            int failed = group.counts()[1];
            Long[] lead = DoraQuery.percentiles(group.lead().trimmed(), 50, 90, 99);
            rows.add(new DeliveryRow(group.week(), group.cluster(), group.application(), count, failed,
                    DoraQuery.ratio(failed, count), lead[0], lead[1], lead[2]));
        }
        return rows;
    }

    /** How many rows {@link #rows()} holds. */
    int rowCount() {
        return all.size();
    }

    /**
     * The groups sorted by {@code week|cluster|application}. When every week is written with as many characters (a
     * year of four digits) and no cluster's name holds a {@code |}, that is the order of the week, then of
     * {@code cluster|} (a cluster before those its name is the start of, unless the next character sorts before
     * {@code |}), then of the application: the distinct weeks, clusters and applications are ranked once and the
     * groups sorted by their ranks, not by comparing thousands of long strings.
     */
    private List<Group> inOrder() {
        Set<String> weekSet = new HashSet<>();
        Set<String> clusterSet = new HashSet<>();
        for (WeekOfCluster key : groups.keySet()) {
            weekSet.add(key.week());
            clusterSet.add(key.cluster());
        }
        boolean ranked = all.size() < 1 << INDEX_BITS && weekSet.size() < 1 << WEEK_BITS
                && clusterSet.size() < 1 << NAME_BITS && appNames.size() < 1 << NAME_BITS;
        int weekLength = weekSet.isEmpty() ? 0 : weekSet.iterator().next().length();
        for (String week : weekSet) {
            ranked &= week.length() == weekLength;
        }
        for (String cluster : clusterSet) {
            ranked &= cluster.indexOf('|') < 0;
        }
        if (!ranked) {
            List<Group> sorted = new ArrayList<>(all);
            sorted.sort(Comparator.comparing(Group::order));
            return sorted;
        }
        Map<String, Integer> weeks = ranks(weekSet, Comparator.naturalOrder());
        Map<String, Integer> clusters = ranks(clusterSet, Comparator.comparing((String cluster) -> cluster + "|"));
        Map<String, Integer> apps = ranks(appNames, Comparator.naturalOrder());
        // by cluster no application is named: every group is app 0, ranked 0
        int[] appRank = new int[Math.max(1, appNames.size())];
        for (int i = 0; i < appNames.size(); i++) {
            appRank[i] = apps.get(appNames.get(i));
        }
        long[] keys = new long[all.size()];
        int i = 0;
        for (Map.Entry<WeekOfCluster, Groups> entry : groups.entrySet()) {
            long weekAndCluster = (long) weeks.get(entry.getKey().week()) << NAME_BITS
                    | clusters.get(entry.getKey().cluster());
            for (Group group : entry.getValue().byApp) {
                if (group != null) {
                    keys[i++] = ((weekAndCluster << NAME_BITS) | appRank[group.app()]) << INDEX_BITS
                            | group.index();
                }
            }
        }
        Arrays.sort(keys);
        List<Group> sorted = new ArrayList<>(keys.length);
        for (long key : keys) {
            sorted.add(all.get((int) (key & ((1 << INDEX_BITS) - 1))));
        }
        return sorted;
    }

    /** Each of {@code values} (distinct) by its place in {@code order}. */
    private static Map<String, Integer> ranks(Collection<String> values, Comparator<String> order) {
        String[] sorted = values.toArray(String[]::new);
        Arrays.sort(sorted, order);
        Map<String, Integer> ranks = new HashMap<>(sorted.length * 2);
        for (int i = 0; i < sorted.length; i++) {
            ranks.put(sorted[i], i);
        }
        return ranks;
    }

    /** Deployments in the range, each counted once. */
    int total() {
        return deployed.size() + rolledDeployments;
    }

    long failedTotal() {
        return failedDeployments.size() + rolledFailed;
    }

    /** Every lead time of the range (those of its groups), in no particular order (the caller may reorder them). */
    long[] leadTimes() {
        int size = 0;
        for (Group group : all) {
            size += group.lead().size;
        }
        long[] times = new long[size];
        int at = 0;
        for (Group group : all) {
            System.arraycopy(group.lead().values, 0, times, at, group.lead().size);
            at += group.lead().size;
        }
        return times;
    }
}
