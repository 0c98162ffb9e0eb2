package io.shiplog.auditor.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.auditor.config.AuditStoreProperties;
import io.shiplog.auditor.query.DoraQuery;
import io.shiplog.auditor.query.DoraRows;
import io.shiplog.auditor.query.Results.DoraReport;
import io.shiplog.auditor.query.Results.RestoreRow;
import io.shiplog.auditor.store.AuditStore;
import io.shiplog.auditor.store.LeadTimes;
import io.shiplog.auditor.support.Events;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.DiscoverySource;
import io.shiplog.events.DriftEvent;
import io.shiplog.events.Health;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.schemas.testing.Envelopes;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DORA query's answers (per application and per cluster) from the daily roll-ups the projection keeps are those
 * it gives from the applies alone (every day marked stale), on one projected story: deployments on both sides of a day's edge and of a week's, a
 * failure that is restored the next day, one still failing at a range's end, drift, a cluster that never deployed,
 * an apply projected before its commit and an apply projected after later days.
 */
class DoraRollupTest {

    /** A Monday. */
    private static final Instant DAY1 = Instant.parse("2026-11-02T00:00:00Z");
    private static final String API = "registry.test/acme/api";
    private static final String WEB = "registry.test/acme/web";
    private static final DoraRows BY_CLUSTER = new DoraRows(DoraRows.By.CLUSTER, DoraRows.MAX_LIMIT, 0);

    @TempDir
    Path dir;

    private AuditStore store;
    private Projection projection;
    private DoraQuery dora;
    private final Map<String, Long> offsets = new HashMap<>();
    private int releases;

    @BeforeEach
    void openStore() {
        store = AuditStore.open(new AuditStoreProperties("jdbc:sqlite:" + dir.resolve("audit.db"), "sa", "", 2));
        projection = new Projection(store, new ReleaseLatency(new SimpleMeterRegistry(),
                Clock.fixed(DAY1.plus(Duration.ofDays(30)), ZoneOffset.UTC)));
        dora = new DoraQuery(store.queries());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void rollUpsAnswerLikeTheAppliesOverEveryRangeClusterAndApplication() throws SQLException {
        projectStory();
        assertThat(count("SELECT COUNT(*) FROM dora_days")).isGreaterThan(5);
        assertThat(count("SELECT COUNT(*) FROM dora_days_stale")).isZero();
        List<DoraReport> rolled = everyQuery();

        store.jdbc().sql("INSERT INTO dora_days_stale (cluster, day) SELECT cluster, day FROM dora_days").update();
        List<DoraReport> fromApplies = everyQuery();

        assertThat(rolled).isEqualTo(fromApplies);
    }

    @Test
    void everyDayHoldsTheLeadTimesOfAllItsApplicationsPooledAndSorted() throws SQLException {
        projectStory();

        List<long[][]> days = store.jdbc().sql("SELECT deliveries, leads FROM dora_days").query((row, n) ->
                new long[][] {leadTimesOf(row.getString(1)), LeadTimes.decode(row.getBytes(2))}).list();

        assertThat(days).anySatisfy(day -> assertThat(day[1]).hasSizeGreaterThan(1));
        assertThat(days).allSatisfy(day -> assertThat(day[1]).containsExactly(day[0]));
    }

    @Test
    void aStaleDayAmongRolledUpOnesIsReadFromItsAppliesInTheRowsByClusterToo() throws SQLException {
        projectStory();
        List<DoraReport> rolled = everyQuery();
        // prod's day with the most lead times is stale (as while a deployment's deliveries are not known); what its
        // row holds is not the answer then
        long day = count("SELECT day FROM dora_days WHERE cluster = 'prod' ORDER BY LENGTH(leads) DESC LIMIT 1");
        store.jdbc().sql("UPDATE dora_days SET leads = ?, deployments = 0 WHERE cluster = 'prod' AND day = ?")
                .params(new byte[0], day).update();
        store.jdbc().sql("INSERT INTO dora_days_stale (cluster, day) VALUES ('prod', ?)").params(day).update();

        assertThat(everyQuery()).isEqualTo(rolled);
    }

    @Test
    void driftOpenAtARangesEndIsRestoredByItsResolutionUpToThirtyDaysLater() throws SQLException {
        projectStory();
        Instant day2 = DAY1.plus(Duration.ofDays(1));
        // staging: drift at 10:00 of day 2 resolved 3 days and 5 minutes later; dr: drift at 11:00 resolved 31 days
        // later, after the thirty days a resolution is looked for
        DriftEvent late = Events.driftDetected(Envelopes.meta(day2.plusSeconds(36_000)), "staging", "c1", api(),
                "/spec/replicas");
        DriftEvent tooLate = Events.driftDetected(Envelopes.meta(day2.plusSeconds(39_600)), "dr", "c1", api(),
                "/spec/replicas");
        project(late, tooLate,
                Events.driftResolved(Envelopes.meta(day2.plusSeconds(36_300).plus(Duration.ofDays(3))), "staging",
                        api(), late.getMeta().getEventId(), late.getMeta().getOccurredAt()),
                Events.driftResolved(Envelopes.meta(day2.plusSeconds(39_600).plus(Duration.ofDays(31))), "dr",
                        api(), tooLate.getMeta().getEventId(), tooLate.getMeta().getOccurredAt()));

        DoraReport day = dora.dora(day2, day2.plus(Duration.ofDays(1)), null, null, BY_CLUSTER);

        assertThat(day.restores()).filteredOn(row -> !row.cluster().equals("prod"))
                .extracting(RestoreRow::cluster, RestoreRow::incidents, RestoreRow::restored,
                        RestoreRow::timeToRestoreMaxMs)
                .containsExactly(tuple("dr", 1, 0, null),
                        tuple("staging", 1, 1, Duration.ofDays(3).plusMinutes(5).toMillis()));
    }

    /**
     * Every lead time of a {@code deliveries} column (lines of {@code application TAB deployments TAB failed TAB
     * leads}), sorted.
     */
    private static long[] leadTimesOf(String deliveries) {
        List<Long> leads = new ArrayList<>();
        for (String line : deliveries.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            for (String lead : fields[3].split(",")) {
                if (!lead.isEmpty()) {
                    leads.add(Long.parseLong(lead));
                }
            }
        }
        return leads.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    @Test
    void aFailureRestoredTheNextDayIsOneIncidentFromTheFailedApplyToTheHealthyOne() throws SQLException {
        projectStory();

        DoraReport week = dora.dora(DAY1, DAY1.plus(Duration.ofDays(4)), "prod", null);

        RestoreRow prod = week.restores().get(0);
        // the failure at 23:59:59.5 on day 1 (a degraded apply after it changes nothing) ends at 00:30 on day 2;
        // the drift of day 2 is resolved after 10 minutes
        assertThat(prod.incidents()).isEqualTo(2);
        assertThat(prod.restored()).isEqualTo(2);
        assertThat(prod.timeToRestoreMaxMs()).isEqualTo(Duration.ofMinutes(30).plusMillis(500).toMillis());
        assertThat(week.deployments()).isEqualTo(4);
    }

    @Test
    void aFailureOpenAtTheEndOfARangeIsRestoredByTheFirstHealthyApplyAfterIt() throws SQLException {
        projectStory();
        Instant day5 = DAY1.plus(Duration.ofDays(4));
        long noonToTwoAfterMidnight = Duration.ofHours(14).plusMillis(2_500).toMillis();

        DoraReport day = dora.dora(day5, day5.plus(Duration.ofDays(1)), "prod", null);
        DoraReport tenDays = dora.dora(DAY1, DAY1.plus(Duration.ofDays(10)), "prod", null);

        assertThat(day.restores()).extracting(RestoreRow::incidents, RestoreRow::restored,
                RestoreRow::timeToRestoreMaxMs).containsExactly(tuple(1, 1, noonToTwoAfterMidnight));
        // the failure before midnight (30 min 0.5 s), the drift (10 min), the failure at noon of day 5
        assertThat(tenDays.restores()).extracting(RestoreRow::week, RestoreRow::incidents, RestoreRow::restored,
                RestoreRow::timeToRestoreP50Ms, RestoreRow::timeToRestoreMaxMs).containsExactly(tuple("2026-11-02", 3, 3,
                Duration.ofMinutes(30).plusMillis(500).toMillis(), noonToTwoAfterMidnight));
    }

    @Test
    void aClusterThatNeverDeployedHasIncidentsButNoDeliveries() throws SQLException {
        projectStory();

        DoraReport dr = dora.dora(DAY1, DAY1.plus(Duration.ofDays(9)), "dr", null);

        assertThat(dr.deployments()).isZero();
        assertThat(dr.deliveries()).isEmpty();
        assertThat(dr.restores()).extracting(RestoreRow::incidents).containsExactly(1);
    }

    @Test
    void aDayWithAnApplyWhoseCommitIsNotProjectedYetIsReadFromTheAppliesUntilTheBackfillRollsItUp()
            throws SQLException {
        projectStory();
        Instant at = DAY1.plus(Duration.ofDays(6)).plusSeconds(3600);
        String sha = "late" + releases++;
        ImageEvent tag = Events.discovered(Envelopes.meta(at), API, sha, "sha256:" + "c".repeat(64),
                DiscoverySource.WEBHOOK);
        project(Events.completed(Envelopes.meta(at.plusSeconds(60)), "prod", sha, ApplyStatus.SUCCEEDED,
                List.of()));
        assertThat(count("SELECT COUNT(*) FROM dora_days_stale")).isEqualTo(1);
        Instant from = DAY1.plus(Duration.ofDays(6));
        DoraReport before = dora.dora(from, from.plus(Duration.ofDays(1)), null, null);

        project(tag, Events.committed(Envelopes.meta(at.plusSeconds(30)), sha, at.plusSeconds(30),
                List.of(Events.change("apps/api.yaml", api(), API, "old", sha, "sha256:c")),
                List.of(tag.getMeta().getEventId())));
        DeliveryBackfill backfill = new DeliveryBackfill(store, Clock.systemUTC(), () -> true);
        backfill.afterPoll(0, true, 1);

        assertThat(count("SELECT COUNT(*) FROM dora_days_stale")).isZero();
        DoraReport after = dora.dora(from, from.plus(Duration.ofDays(1)), null, null);
        assertThat(before.deployments()).isEqualTo(1);
        assertThat(before.leadTimeP99Ms()).isNull();
        assertThat(after.deployments()).isEqualTo(1);
        assertThat(after.leadTimeP99Ms()).isEqualTo(Duration.ofSeconds(60).toMillis());
        store.jdbc().sql("INSERT INTO dora_days_stale (cluster, day) SELECT cluster, day FROM dora_days").update();
        assertThat(dora.dora(from, from.plus(Duration.ofDays(1)), null, null)).isEqualTo(after);
    }

    @Test
    void aStoreUpgradedFromBeforeTheRollUpsAnswersTheSameBeforeAndAfterTheBackfillRollsItsDaysUp()
            throws SQLException {
        projectStory();
        List<DoraReport> projected = everyQuery();
        // what the upgrade to schema version 5 leaves: no roll-ups, every day of the applies stale
        store.jdbc().sql("DELETE FROM dora_days").update();
        store.jdbc().sql("INSERT INTO dora_days_stale (cluster, day) SELECT DISTINCT cluster, occurred_at / 86400000 "
                + "FROM applies").update();
        List<DoraReport> upgraded = everyQuery();

        new DeliveryBackfill(store, Clock.systemUTC(), () -> true).afterPoll(0, true, 1);

        assertThat(count("SELECT COUNT(*) FROM dora_days_stale")).isZero();
        assertThat(count("SELECT COUNT(*) FROM dora_days")).isGreaterThan(5);
        assertThat(everyQuery()).isEqualTo(projected).isEqualTo(upgraded);
    }

    /**
     * The ranges asked: whole days, a millisecond either side of a day's or an hour's edge (also right at and after an
     * apply), within one hour, across two, a few hours, weeks, longer.
     */
    private List<DoraReport> everyQuery() {
        List<Instant[]> ranges = new ArrayList<>();
        for (long startMs : new long[] {0, 1, -1, 3_600_000, 36_000_000, 36_002_500, 36_002_501, 82_799_999,
                86_399_999, 86_400_000, 86_400_001, 86_400_000 + 1_797_500}) {
            for (long lengthMs : new long[] {2_500, 3_600_000, 7_200_000 - 1, 7_200_000 + 1, 86_400_000,
                    86_400_000 + 1, 2 * 86_400_000 - 1, 4 * 86_400_000, 9 * 86_400_000 + 43_200_000L}) {
                Instant from = DAY1.plusMillis(startMs);
                ranges.add(new Instant[] {from, from.plusMillis(lengthMs)});
            }
        }
        List<DoraReport> reports = new ArrayList<>();
        for (Instant[] range : ranges) {
            for (String cluster : new String[] {null, "prod", "staging", "dr"}) {
                for (String application : new String[] {null, API, WEB, "(manual)"}) {
                    reports.add(dora.dora(range[0], range[1], cluster, application));
                    reports.add(dora.dora(range[0], range[1], cluster, application, BY_CLUSTER));
                }
            }
        }
        return reports;
    }

    /**
     * Ten days on three clusters, projected in two batches (the second holds an apply of day 1, projected after
     * later days).
     */
    private void projectStory() throws SQLException {
        List<SpecificRecord> first = new ArrayList<>();
        // day 1: two deployments of api on prod and staging, then a failure on prod a half second before midnight
        first.addAll(release(DAY1.plusSeconds(36_000), API, "prod", ApplyStatus.SUCCEEDED, Health.HEALTHY));
        first.addAll(release(DAY1.plusSeconds(40_000), WEB, "staging", ApplyStatus.SUCCEEDED, Health.HEALTHY));
        first.add(Events.failed(Envelopes.meta(DAY1.plus(Duration.ofDays(1)).minusMillis(500)), "prod", "x1"));
        // day 2: a degraded apply during the failure, healthy at 00:30; drift detected and resolved
        Instant day2 = DAY1.plus(Duration.ofDays(1));
        first.addAll(release(day2.plusSeconds(600), WEB, "prod", ApplyStatus.SUCCEEDED, Health.DEGRADED));
        first.addAll(release(day2.plusSeconds(1_800).minusMillis(2_500), API, "prod", ApplyStatus.SUCCEEDED,
                Health.HEALTHY));
        ObjectRef api = api();
        DriftEvent detected = Events.driftDetected(Envelopes.meta(day2.plusSeconds(7_200)), "prod", "c1", api,
                "/spec/replicas");
        first.add(detected);
        first.add(Events.driftResolved(Envelopes.meta(day2.plusSeconds(7_800)), "prod", api,
                detected.getMeta().getEventId(), detected.getMeta().getOccurredAt()));
        // day 3: a deployment exactly at midnight, one partly failed
        Instant day3 = DAY1.plus(Duration.ofDays(2));
        first.addAll(release(day3.minusMillis(2_500), API, "prod", ApplyStatus.SUCCEEDED, Health.HEALTHY));
        first.addAll(release(day3.plusSeconds(50_000), WEB, "staging", ApplyStatus.PARTIALLY_FAILED,
                Health.HEALTHY));
        // dr never deploys: one failed apply on day 4, healthy never
        first.add(Events.failed(Envelopes.meta(day3.plus(Duration.ofDays(1)).plusSeconds(3_600)), "dr", "x2"));
        // day 5 at noon: prod fails, restored on day 6 (after a range that ends on day 5)
        Instant day5 = DAY1.plus(Duration.ofDays(4));
        first.add(Events.failed(Envelopes.meta(day5.plusSeconds(43_200)), "prod", "x3"));
        first.addAll(release(day5.plus(Duration.ofDays(1)).plusSeconds(7_200), API, "prod", ApplyStatus.SUCCEEDED,
                Health.HEALTHY));
        // the next Monday: a deployment a millisecond after the week starts
        Instant nextWeek = DAY1.plus(Duration.ofDays(7));
        first.addAll(release(nextWeek.minusMillis(2_499), WEB, "staging", ApplyStatus.SUCCEEDED, Health.HEALTHY));
        project(first.toArray(SpecificRecord[]::new));
        // projected later: a manual resync on day 1 of staging, and a commit of api deployed twice on day 9
        project(Events.failed(Envelopes.meta(DAY1.plusSeconds(80_000)), "staging", "x4"));
        project(release(nextWeek.plus(Duration.ofDays(1)).plusSeconds(100), API, "prod", ApplyStatus.SUCCEEDED,
                Health.HEALTHY).toArray(SpecificRecord[]::new));
    }

    /**
     * A tag of {@code repository} discovered at {@code at}, committed 1 s later and applied on {@code cluster}
     * 2.5 s after the discovery, its workload left {@code health}.
     */
    private List<SpecificRecord> release(Instant at, String repository, String cluster, ApplyStatus status,
                                         Health health) {
        String sha = "c" + releases++;
        ImageEvent tag = Events.discovered(Envelopes.meta(at), repository, sha, "sha256:" + "b".repeat(60) + releases,
                DiscoverySource.WEBHOOK);
        ObjectRef workload = Events.object("apps", "Deployment", "acme", repository.substring(
                repository.lastIndexOf('/') + 1));
        return List.of(tag, Events.committed(Envelopes.meta(at.plusSeconds(1)), sha, at.plusSeconds(1),
                        List.of(Events.change("apps/" + sha + ".yaml", workload, repository, "old", sha, "sha256:x")),
                        List.of(tag.getMeta().getEventId())),
                Events.completed(Envelopes.meta(at.plusMillis(2_500)), cluster, sha, status, List.of(
                        Events.result(workload, ObjectAction.CONFIGURED, health, "apps/" + sha + ".yaml",
                                repository + ":" + sha))));
    }

    private static ObjectRef api() {
        return Events.object("apps", "Deployment", "acme", "api");
    }

    private void project(SpecificRecord... envelopes) throws SQLException {
        List<Projection.Event> events = new ArrayList<>();
        for (SpecificRecord envelope : envelopes) {
            String topic = Envelopes.topicOf((SpecificRecord) Envelopes.payloadOf(envelope)).name();
            long offset = offsets.merge(topic, 1L, Long::sum) - 1;
            events.add(new Projection.Event(topic, 0, offset, envelope));
        }
        List<Projection.Event> refused = new ArrayList<>();
        projection.write(events, (event, reason) -> refused.add(event));
        assertThat(refused).isEmpty();
    }

    private long count(String sql) {
        return store.jdbc().sql(sql).query(Long.class).single();
    }
}
