package io.shiplog.auditor.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.auditor.query.DoraQuery;
import io.shiplog.auditor.query.Results.DeliveryRow;
import io.shiplog.auditor.query.Results.DoraReport;
import io.shiplog.auditor.store.AuditStore;
import io.shiplog.auditor.config.AuditStoreProperties;
import io.shiplog.auditor.support.Events;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.DiscoverySource;
import io.shiplog.events.Health;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.schemas.testing.Envelopes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deliveries backfill on a real (SQLite) store, fed through the projection's own batches in the order a rebuild
 * reads partitions out of time order: applies before the commits they applied.
 */
class DeliveryBackfillTest {

    private static final String API = "registry.test/acme/api";
    private static final String WEB = "registry.test/acme/web";
    private static final Instant T0 = Instant.parse("2026-11-03T10:00:00Z");
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");
    private static final ObjectRef DEPLOYMENT = Events.object("apps", "Deployment", "shop", "api");

    @TempDir
    Path dir;

    private AuditStore store;
    private final ProjectionState state = new ProjectionState();
    private final MutableClock clock = new MutableClock();
    private DeliveryBackfill backfill;
    private DoraQuery dora;
    private long offset;

    @BeforeEach
    void openStore() {
        store = AuditStore.open(new AuditStoreProperties("jdbc:sqlite:" + dir.resolve("audit.db"), "sa", "", 2));
        backfill = new DeliveryBackfill(store, clock, () -> true);
        dora = new DoraQuery(store.queries());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void fillsTheDeliveriesOfAnApplyWhoseCommitWasProjectedAfterItAndDoraAnswersTheSame() throws SQLException {
        long apiApply = project(completed("c1", "sha-api", T0.plusSeconds(600)));
        long humanApply = project(completed("c1", "sha-human", T0.plusSeconds(900)));
        project(Events.discovered(Envelopes.meta("tag-api", T0, "tag-api", null), API, "1.2.0", "sha256:a1",
                DiscoverySource.POLL));
        project(Events.committed(Envelopes.meta(T0.plusSeconds(60)), "sha-api", T0.plusSeconds(60),
                List.of(Events.change("apps/api.yaml", DEPLOYMENT, API, "1.1.0", "1.2.0", "sha256:a1")),
                List.of("tag-api")));
        project(Events.observed(Envelopes.meta(T0.plusSeconds(800)), "sha-human", T0.plusSeconds(800), "Alice",
                List.of("apps/api.yaml")));
        assertThat(deliveries(apiApply)).isNull();
        DoraReport before = dora.dora(FROM, TO, null, null);

        backfill.afterPoll(0, true, offset);

        assertThat(backfill.done()).isTrue();
        assertThat(deliveries(apiApply)).isEqualTo(API + "\t" + T0.toEpochMilli() + "\n");
        assertThat(deliveries(humanApply)).isEmpty();
        DoraReport after = dora.dora(FROM, TO, null, null);
        assertThat(after).isEqualTo(before);
        assertThat(after.deliveries()).extracting(DeliveryRow::application, DeliveryRow::leadTimeP50Ms)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("(manual)", null),
                        org.assertj.core.groups.Tuple.tuple(API, Duration.ofSeconds(600).toMillis()));
    }

    @Test
    void leavesAnApplyWhoseCommitIsNotProjectedYetForALaterPassThatFillsIt() throws SQLException {
        project(Events.discovered(Envelopes.meta("tag-web", T0, "tag-web", null), WEB, "2.0.0", "sha256:w2",
                DiscoverySource.WEBHOOK));
        long webApply = project(completed("c2", "sha-web", T0.plusSeconds(300)));
        backfill.afterPoll(0, true, offset);
        assertThat(backfill.done()).isTrue();
        assertThat(deliveries(webApply)).as("not yet known, so not written as 'no applications'").isNull();

        project(Events.committed(Envelopes.meta(T0.plusSeconds(30)), "sha-web", T0.plusSeconds(30),
                List.of(Events.change("apps/web.yaml", DEPLOYMENT, WEB, "1.9.0", "2.0.0", "sha256:w2")),
                List.of("tag-web")));
        DoraReport answered = dora.dora(FROM, TO, null, null);
        backfill.afterPoll(0, true, offset);
        assertThat(deliveries(webApply)).as("the idle pass waits between passes").isNull();

        clock.advance(Duration.ofSeconds(DeliveryBackfill.IDLE_PASS_SECONDS + 1));
        backfill.afterPoll(0, true, offset);

        assertThat(deliveries(webApply)).isEqualTo(WEB + "\t" + T0.toEpochMilli() + "\n");
        DoraReport after = dora.dora(FROM, TO, null, null);
        assertThat(after).isEqualTo(answered);
        assertThat(after.leadTimeP50Ms()).isEqualTo(Duration.ofSeconds(300).toMillis());
    }

    @Test
    void waitsForTheLagToReachZeroBeforeTheFirstPass() throws SQLException {
        long apply = project(completed("c1", "sha-late", T0.plusSeconds(600)));
        project(Events.observed(Envelopes.meta(T0.plusSeconds(10)), "sha-late", T0.plusSeconds(10), "Bob",
                List.of("apps/api.yaml")));

        backfill.afterPoll(42, false, offset);
        assertThat(backfill.done()).isFalse();
        assertThat(deliveries(apply)).isNull();

        backfill.afterPoll(0, false, offset);
        assertThat(backfill.done()).isTrue();
        assertThat(deliveries(apply)).isEmpty();
    }

    private static Object completed(String cluster, String sha, Instant at) {
        return Events.completed(Envelopes.meta(at), cluster, sha, ApplyStatus.SUCCEEDED, List.of(Events.result(
                DEPLOYMENT, ObjectAction.CONFIGURED, Health.HEALTHY, "apps/api.yaml", API + ":1.2.0")));
    }

    /** Projects one event as the projection does (its own transaction); its seq. */
    private long project(Object envelope) throws SQLException {
        long seq = ProjectionBatch.seq(0, offset++);
        try (Connection connection = store.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (ProjectionBatch batch = new ProjectionBatch(connection, state)) {
                batch.add(envelope, seq);
                batch.flush();
                connection.commit();
                batch.commitTo(state);
            }
        }
        return seq;
    }

    private String deliveries(long seq) throws SQLException {
        try (Connection connection = store.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT deliveries FROM applies WHERE apply_seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("apply row " + seq).isTrue();
                return row.getString(1);
            }
        }
    }

    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-11-20T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
