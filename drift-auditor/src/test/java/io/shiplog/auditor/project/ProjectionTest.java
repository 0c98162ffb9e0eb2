package io.shiplog.auditor.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.auditor.config.AuditStoreProperties;
import io.shiplog.auditor.store.AuditStore;
import io.shiplog.auditor.support.Events;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyCounts;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.Command;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.DiscoverySource;
import io.shiplog.events.Health;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.events.RollbackCluster;
import io.shiplog.schemas.testing.Envelopes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The projection's store side on a real (SQLite) store, without Kafka. */
class ProjectionTest {

    private static final String IMAGES = "shiplog.images";
    private static final Instant T0 = Instant.parse("2026-11-03T10:00:00Z");

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private AuditStore store;
    private Projection projection;
    private final List<Projection.Event> refused = new ArrayList<>();

    @BeforeEach
    void openStore() {
        store = AuditStore.open(new AuditStoreProperties("jdbc:sqlite:" + dir.resolve("audit.db"), "sa", "", 2));
        projection = new Projection(store, new ReleaseLatency(meters, Clock.fixed(T0.plusSeconds(3600),
                ZoneOffset.UTC)));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void rowsAndTheNextPositionOfEveryPartitionAreStoredTogetherUndecodableRecordsIncluded() throws SQLException {
        projection.write(List.of(tag(0, 0, "v1"), tag(0, 1, "v2"), new Projection.Event(IMAGES, 1, 5, null)),
                (event, reason) -> refused.add(event));

        assertThat(projection.storedOffsets()).isEqualTo(Map.of(new TopicPartition(IMAGES, 0), 2L,
                new TopicPartition(IMAGES, 1), 6L));
        assertThat(count("image_events")).isEqualTo(2);
        assertThat(refused).isEmpty();
    }

    @Test
    void aPartitionReadInTwoRunsOfAChunkIsStoredAtItsLastRecord() throws SQLException {
        projection.write(List.of(tag(0, 0, "v1"), tag(0, 1, "v2"), tag(1, 7, "v3"), tag(0, 2, "v4"),
                new Projection.Event(IMAGES, 1, 8, null)), (event, reason) -> refused.add(event));

        assertThat(projection.storedOffsets()).isEqualTo(Map.of(new TopicPartition(IMAGES, 0), 3L,
                new TopicPartition(IMAGES, 1), 9L));
        assertThat(count("image_events")).isEqualTo(4);
    }

    @Test
    void anEventTheStoreCannotTakeIsHandedOverAndTheOthersAreProjected() throws SQLException {
        Projection.Event wrong = new Projection.Event(IMAGES, 0, 1, "not an envelope");

        projection.write(List.of(tag(0, 0, "v1"), wrong, tag(0, 2, "v3")), (event, reason) -> refused.add(event));

        assertThat(refused).containsExactly(wrong);
        assertThat(count("image_events")).isEqualTo(2);
        assertThat(projection.storedOffsets()).containsEntry(new TopicPartition(IMAGES, 0), 3L);
    }

    @Test
    void aStoreBuiltFromOffsetZeroIsWrittenWithoutItsSecondaryIndexesAndGetsThemBackOnceCaughtUp()
            throws SQLException {
        List<String> indexes = rows("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                + "ORDER BY name");
        assertThat(indexes).contains("image_events_tag", "commit_changes_sha", "applies_cluster_time");

        projection.storedOffsets();
        assertThat(rows("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
                .containsExactlyInAnyOrder("applies_cluster_time", "drift_cluster_type_time");
        projection.write(List.of(tag(0, 0, "v1"), tag(0, 1, "v2")), (event, reason) -> refused.add(event));
        projection.storedOffsets();
        projection.restoreIndexes();

        assertThat(rows("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"))
                .isEqualTo(indexes);
        assertThat(count("deferred_indexes")).isZero();
        assertThat(rows("SELECT tag FROM image_events WHERE tag = 'v2' AND repository = 'registry.test/acme/api'"))
                .containsExactly("v2");
    }

    @Test
    void aStoreBuiltFromOffsetZeroFoldsItsWriteAheadLogIntoTheDatabaseFileOnceCaughtUp()
            throws SQLException, IOException {
        Path wal = dir.resolve("audit.db-wal");
        projection.storedOffsets();
        projection.write(List.of(tag(0, 0, "v1"), tag(0, 1, "v2")), (event, reason) -> refused.add(event));
        assertThat(Files.size(wal)).isPositive();

        projection.restoreIndexes();

        assertThat(Files.size(wal)).isZero();
        assertThat(count("image_events")).isEqualTo(2);
        assertThat(projection.storedOffsets()).containsEntry(new TopicPartition(IMAGES, 0), 2L);
    }

    @Test
    void aStoreBuiltFromOffsetZeroRollsUpItsDoraDaysOnceCaughtUpExactlyAsChunkByChunkAlsoAcrossARestart()
            throws SQLException {
        List<List<Projection.Event>> chunks = new ArrayList<>();
        for (int chunk = 0; chunk < 4; chunk++) {
            List<Projection.Event> events = new ArrayList<>();
            for (int release = 0; release < 6; release++) {
                int n = chunk * 6 + release;
                events.addAll(release(n * 3L, T0.plus(Duration.ofHours(7L * n)), "c" + n, n % 3 == 0 ? "prod"
                        : "staging"));
            }
            chunks.add(events);
        }
        AuditStore chunkByChunk = AuditStore.open(new AuditStoreProperties("jdbc:sqlite:" + dir.resolve("other.db"),
                "sa", "", 2));
        try {
            Projection live = new Projection(chunkByChunk, new ReleaseLatency(meters, Clock.systemUTC()));
            for (List<Projection.Event> chunk : chunks) {
                live.write(chunk, (event, reason) -> refused.add(event));
            }
            List<String> expected = rows(chunkByChunk, "SELECT * FROM dora_days ORDER BY cluster, day");
            assertThat(expected).hasSizeGreaterThan(5);

            projection.storedOffsets();
            projection.write(chunks.get(0), (event, reason) -> refused.add(event));
            projection.write(chunks.get(1), (event, reason) -> refused.add(event));
            Projection restarted = new Projection(store, new ReleaseLatency(meters, Clock.systemUTC()));
            restarted.storedOffsets();
            restarted.write(chunks.get(2), (event, reason) -> refused.add(event));
            restarted.write(chunks.get(3), (event, reason) -> refused.add(event));
            assertThat(count("dora_days")).isZero();
            assertThat(count("dora_days_stale")).isEqualTo(expected.size());

            restarted.restoreIndexes();
            new DeliveryBackfill(store, Clock.systemUTC(), () -> true).afterPoll(0, true, 72);

            assertThat(count("dora_days_stale")).isZero();
            assertThat(rows("SELECT * FROM dora_days ORDER BY cluster, day")).isEqualTo(expected);
            assertThat(refused).isEmpty();
        } finally {
            chunkByChunk.close();
        }
    }

    @Test
    void aResetStoreIsReadFromOffsetZero() throws SQLException {
        projection.write(List.of(tag(0, 0, "v1")), (event, reason) -> refused.add(event));

        projection.reset();

        assertThat(projection.storedOffsets()).isEmpty();
        assertThat(count("image_events")).isZero();
    }

    @Test
    void aLiveReleaseIsTimedFromTheTagsDiscoveryToItsApplyPerClusterAndReplayedHistoryIsNot() throws SQLException {
        Instant discovered = T0.plusSeconds(3590);
        Instant old = T0; // an hour before the clock: projected again by a rebuild, not a live release
        List<Projection.Event> events = new ArrayList<>(release(0, old, "c0", "prod"));
        events.addAll(release(10, discovered, "c1", "prod"));
        projection.write(events, (event, reason) -> refused.add(event));

        Timer prod = meters.find(ReleaseLatency.METER).tag("cluster", "prod").timer();
        assertThat(prod).isNotNull();
        assertThat(prod.count()).isEqualTo(1);
        assertThat(prod.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2500);
        assertThat(refused).isEmpty();
    }

    @Test
    void anApplyTooLargeToReportEveryObjectCountsFromItsCountsAndKeepsThePlacementsOfWorkloadsItLeftOut()
            throws SQLException {
        ObjectRef api = Events.object("apps", "Deployment", "acme", "api");
        ObjectRef web = Events.object("apps", "Deployment", "acme", "web");
        ApplyEvent full = Events.completed(Envelopes.meta(T0), "prod", "c1", ApplyStatus.SUCCEEDED, List.of(
                Events.result(api, ObjectAction.CREATED, Health.HEALTHY, "apps/api.yaml", "registry.test/acme/api:1"),
                Events.result(web, ObjectAction.CREATED, Health.HEALTHY, "apps/web.yaml", "registry.test/acme/web:1")));
        ApplyEvent summary = Events.completed(Envelopes.meta(T0.plusSeconds(60)), "prod", "c2",
                ApplyStatus.PARTIALLY_FAILED, List.of(
                        Events.result(api, ObjectAction.CONFIGURED, Health.HEALTHY, "apps/api.yaml",
                                "registry.test/acme/api:2"),
                        Events.result(Events.object("", "ConfigMap", "acme", "bad"), ObjectAction.FAILED,
                                Health.UNKNOWN, "apps/bad.yaml")));
        ApplyCompleted payload = (ApplyCompleted) summary.getPayload();
        payload.setOmittedResults(19_998);
        payload.setCounts(ApplyCounts.newBuilder().setConfigured(1).setUnchanged(19_998).setFailed(1).build());

        projection.write(List.of(new Projection.Event("shiplog.applies", 0, 0, full),
                new Projection.Event("shiplog.applies", 0, 1, summary)), (event, reason) -> refused.add(event));

        assertThat(refused).isEmpty();
        assertThat(rows("SELECT object_count, failed_count FROM applies WHERE commit_sha = 'c2'"))
                .containsExactly("20000|1");
        assertThat(rows("SELECT obj_name, image FROM current_placements WHERE cluster = 'prod' ORDER BY obj_name"))
                .containsExactly("api|registry.test/acme/api:2", "web|registry.test/acme/web:1");
    }

    /** A tag discovered at {@code at}, committed 1 s later as {@code sha}, applied on {@code cluster} 2.5 s later. */
    private static List<Projection.Event> release(long offset, Instant at, String sha, String cluster) {
        ImageEvent tag = Events.discovered(Envelopes.meta(at), "registry.test/acme/api", sha,
                "sha256:" + "b".repeat(62) + offset, DiscoverySource.WEBHOOK);
        String cause = tag.getMeta().getEventId();
        ObjectRef api = Events.object("apps", "Deployment", "acme", "api");
        CommitEvent commit = Events.committed(Envelopes.meta(at.plusSeconds(1)), sha, at.plusSeconds(1),
                List.of(Events.change("apps/api.yaml", api, "registry.test/acme/api", "old", sha, "sha256:x")),
                List.of(cause));
        ApplyEvent apply = Events.completed(Envelopes.meta(at.plusMillis(2500)), cluster, sha, ApplyStatus.SUCCEEDED,
                List.of());
        return List.of(new Projection.Event(IMAGES, 0, offset, tag),
                new Projection.Event("shiplog.commits", 0, offset + 1, commit),
                new Projection.Event("shiplog.applies", 0, offset + 2, apply));
    }

    @Test
    void aRollbackCommandIsRecordedWithWhereItGoesByCommitTimeOrRelease() throws SQLException {
        Instant to = Instant.parse("2026-11-01T08:00:00Z");
        projection.write(List.of(rollback(0, RollbackCluster.newBuilder().setCluster("prod").setRequestedBy("alice")
                        .setToCommitSha("abc1234").build()),
                rollback(1, RollbackCluster.newBuilder().setCluster("prod").setRequestedBy("bob").setToCommitSha("")
                        .setToTime(to).build()),
                rollback(2, RollbackCluster.newBuilder().setCluster("prod").setRequestedBy("carol").setToCommitSha("")
                        .setToRelease("release-42").build())), (event, reason) -> refused.add(event));

        assertThat(rows("SELECT command_type, target, requested_by, detail FROM commands ORDER BY requested_by"))
                .containsExactly("RollbackCluster|prod|alice|abc1234",
                        "RollbackCluster|prod|bob|2026-11-01T08:00:00Z",
                        "RollbackCluster|prod|carol|release-42");
    }

    private static Projection.Event rollback(long offset, RollbackCluster payload) {
        return new Projection.Event("shiplog.commands", 0, offset, Command.newBuilder()
                .setMeta(Envelopes.meta(T0.plusSeconds(offset))).setPayload(payload).build());
    }

    private static Projection.Event tag(int partition, long offset, String tag) {
        return new Projection.Event(IMAGES, partition, offset, Events.discovered(Envelopes.meta(T0.plusSeconds(offset)),
                "registry.test/acme/api", tag, "sha256:" + "a".repeat(63) + offset, DiscoverySource.POLL));
    }

    /** Each row of {@code sql} as its columns joined by {@code |}. */
    private List<String> rows(String sql) throws SQLException {
        return rows(store, sql);
    }

    private static List<String> rows(AuditStore store, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = store.queryDataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(result.getString(i));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    private long count(String table) throws SQLException {
        try (Connection connection = store.queryDataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
