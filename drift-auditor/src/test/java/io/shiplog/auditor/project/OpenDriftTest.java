package io.shiplog.auditor.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.auditor.config.AuditStoreProperties;
import io.shiplog.auditor.query.PageRequest;
import io.shiplog.auditor.store.AuditStore;
import io.shiplog.auditor.support.Events;
import io.shiplog.auditor.web.FleetQueries;
import io.shiplog.auditor.web.FleetView.DriftRow;
import io.shiplog.events.DriftEvent;
import io.shiplog.events.Meta;
import io.shiplog.events.ObjectRef;
import io.shiplog.schemas.testing.Envelopes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open drift the projection keeps (schema version 6) as the web view's fleet matrix and drift list read it: a
 * detection opened, detected again, resolved, resolved out of order, on one cluster of two; and, over a random
 * history, the same detections as the fold of every drift event that the web view made before, from the projection
 * and from the migration's backfill alike.
 */
class OpenDriftTest {

    private static final Instant T0 = Instant.parse("2026-11-03T10:00:00Z");
    private static final String DRIFT = "shiplog.drift";

    @TempDir
    Path dir;

    private AuditStore store;
    private Projection projection;
    private FleetQueries fleet;
    private long offset;

    @BeforeEach
    void openStore() {
        store = AuditStore.open(new AuditStoreProperties("jdbc:sqlite:" + dir.resolve("audit.db"), "sa", "", 2));
        projection = new Projection(store, new ReleaseLatency(new SimpleMeterRegistry(),
                Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC)));
        fleet = new FleetQueries(store.queries(), null);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aDetectionIsListedOpenUntilItsObjectIsResolved() throws SQLException {
        Meta detected = meta(T0);
        project(List.of(detected(detected, "prod", web(), "/spec/replicas")));

        assertThat(open(null)).extracting(DriftRow::cluster, DriftRow::object, DriftRow::fieldPaths)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("prod", "Deployment/apps/web",
                        List.of("/spec/replicas")));
        assertThat(fleet.fleet().clusters()).singleElement().extracting(row -> row.openDrift()).isEqualTo(1);

        project(List.of(resolved(meta(T0.plusSeconds(60)), "prod", web(), detected.getEventId())));

        assertThat(open(null)).isEmpty();
        assertThat(fleet.fleet().clusters()).singleElement().extracting(row -> row.openDrift()).isEqualTo(0);
        assertThat(fleet.drift(null, false, new PageRequest(0, 10)).items()).singleElement()
                .extracting(DriftRow::resolvedAt).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void anObjectDetectedAgainIsListedTwiceAndOneResolutionOfItClosesBoth() throws SQLException {
        Meta first = meta(T0);
        project(List.of(detected(first, "prod", web(), "/spec/replicas")));
        project(List.of(detected(meta(T0.plusSeconds(30)), "prod", web(), "/spec/template/spec/containers/0/image")));

        assertThat(open(null)).extracting(DriftRow::fieldPaths).containsExactly(
                List.of("/spec/template/spec/containers/0/image"), List.of("/spec/replicas"));

        project(List.of(resolved(meta(T0.plusSeconds(60)), "prod", web(), first.getEventId())));

        assertThat(open(null)).isEmpty();
    }

    @Test
    void aResolutionOnOneClusterLeavesTheSameObjectsDriftOnAnotherOpen() throws SQLException {
        Meta prod = meta(T0);
        project(List.of(detected(prod, "prod", web(), "/spec/replicas"),
                detected(meta(T0.plusSeconds(1)), "staging", web(), "/spec/replicas")));

        project(List.of(resolved(meta(T0.plusSeconds(60)), "prod", web(), prod.getEventId())));

        assertThat(open(null)).extracting(DriftRow::cluster).containsExactly("staging");
        assertThat(open("staging")).hasSize(1);
        assertThat(open("prod")).isEmpty();
    }

    @Test
    void aResolutionReadBeforeItsDetectionClosesItAndAnOlderOneDoesNot() throws SQLException {
        Meta late = meta(T0.plusSeconds(10));
        // read out of time order (two auditors with skewed clocks): the resolution at +60s comes first
        project(List.of(resolved(meta(T0.plusSeconds(60)), "prod", web(), late.getEventId())));
        project(List.of(detected(late, "prod", web(), "/spec/replicas")));
        // a resolution from before a detection leaves it open
        project(List.of(detected(meta(T0.plusSeconds(120)), "prod", api(), "/spec/replicas")));
        project(List.of(resolved(meta(T0.plusSeconds(90)), "prod", api(), null)));

        assertThat(open(null)).extracting(DriftRow::object).containsExactly("Deployment/apps/api");
        assertThat(openFromTheFold()).containsExactlyInAnyOrderElementsOf(open(null));
    }

    @Test
    void theOpenDriftIsTheFoldOfTheWholeDriftHistoryFromTheProjectionAndFromTheMigration()
            throws SQLException, IOException {
        Random random = new Random(19);
        List<ObjectRef> objects = List.of(web(), api(), Events.object("", "Namespace", null, "apps"),
                Events.object("", "ConfigMap", "apps", "web"), Events.object("", "ConfigMap", "", "web"),
                Events.object("", "Service", "apps", "web"), Events.object("", "Secret", "apps", "web"));
        List<String> clusters = List.of("prod", "staging", "edge", "dr", "lab");
        List<Meta> detections = new ArrayList<>();
        List<SpecificRecord> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            // mostly in time order, a tenth of the events up to a minute early or late, some at the same millisecond
            Instant at = T0.plusSeconds(i * 10L + (random.nextInt(10) == 0 ? random.nextInt(120) - 60 : 0))
                    .plusMillis(random.nextInt(3) == 0 ? 0 : random.nextInt(1000));
            String cluster = clusters.get(random.nextInt(clusters.size()));
            ObjectRef object = objects.get(random.nextInt(objects.size()));
            if (detections.isEmpty() || random.nextInt(5) < 3) {
                Meta meta = meta(at);
                detections.add(meta);
                events.add(detected(meta, cluster, object, "/spec/" + random.nextInt(4)));
            } else {
                String named = random.nextBoolean() ? detections.get(random.nextInt(detections.size())).getEventId()
                        : null;
                events.add(resolved(meta(at), cluster, object, named));
            }
        }
        for (int from = 0; from < events.size(); ) {
            int to = Math.min(events.size(), from + 1 + random.nextInt(40));
            project(events.subList(from, to));
            from = to;
        }
        List<DriftRow> fold = openFromTheFold();
        // some detections open, most closed: by their object, by name, or both
        assertThat(fold).hasSizeBetween(10, detections.size() - 100);

        assertThat(open(null)).containsExactlyInAnyOrderElementsOf(fold);
        for (String cluster : clusters) {
            assertThat(open(cluster)).containsExactlyInAnyOrderElementsOf(fold.stream()
                    .filter(row -> row.cluster().equals(cluster)).toList());
        }

        store.jdbc().sql("DELETE FROM open_drift").update();
        store.jdbc().sql(backfill()).update();

        assertThat(open(null)).containsExactlyInAnyOrderElementsOf(fold);
    }

    /** The open drift as the web view's drift list shows it (open only, newest first). */
    private List<DriftRow> open(String cluster) {
        List<DriftRow> rows = fleet.drift(cluster, true, new PageRequest(0, 500)).items();
        assertThat(rows).extracting(DriftRow::detectedAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
        return rows;
    }

    /** The unresolved detections of the fold of every drift event (the drift list with resolved ones). */
    private List<DriftRow> openFromTheFold() {
        return fleet.drift(null, false, new PageRequest(0, 500)).items().stream()
                .filter(row -> row.resolvedAt() == null).toList();
    }

    /** The INSERT of migration V6 that works the open drift out for an existing store. */
    private static String backfill() throws IOException {
        try (InputStream in = OpenDriftTest.class.getResourceAsStream("/db/audit/V6__open_drift.sql")) {
            String migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Arrays.stream(migration.split(";")).map(String::strip)
                    .map(statement -> statement.lines().filter(line -> !line.startsWith("--"))
                            .reduce("", (a, b) -> a + "\n" + b).strip())
                    .filter(statement -> statement.startsWith("INSERT INTO open_drift")).findFirst().orElseThrow();
        }
    }

    private void project(List<? extends SpecificRecord> envelopes) throws SQLException {
        List<Projection.Event> batch = new ArrayList<>();
        for (SpecificRecord envelope : envelopes) {
            batch.add(new Projection.Event(DRIFT, 0, offset++, envelope));
        }
        List<Projection.Event> refused = new ArrayList<>();
        projection.write(batch, (event, reason) -> refused.add(event));
        assertThat(refused).isEmpty();
    }

    private static Meta meta(Instant at) {
        return Envelopes.meta(UUID.randomUUID().toString(), at, "c-" + at.toEpochMilli(), null);
    }

    private static DriftEvent detected(Meta meta, String cluster, ObjectRef object, String path) {
        return Events.driftDetected(meta, cluster, "abc123", object, path);
    }

    private static DriftEvent resolved(Meta meta, String cluster, ObjectRef object, String detectedId) {
        return Events.driftResolved(meta, cluster, object, detectedId, T0);
    }

    private static ObjectRef web() {
        return Events.object("apps", "Deployment", "apps", "web");
    }

    private static ObjectRef api() {
        return Events.object("apps", "Deployment", "apps", "api");
    }
}
