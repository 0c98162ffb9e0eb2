package io.shiplog.auditor.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.auditor.store.AuditStore;
import io.shiplog.auditor.config.AuditStoreProperties;
import io.shiplog.auditor.support.Events;
import io.shiplog.events.DiscoverySource;
import io.shiplog.schemas.testing.Envelopes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private AuditStore store;
    private Projection projection;
    private final List<Projection.Event> refused = new ArrayList<>();

    @BeforeEach
    void openStore() {
        store = AuditStore.open(new AuditStoreProperties("jdbc:sqlite:" + dir.resolve("audit.db"), "sa", "", 2));
        projection = new Projection(store);
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
    void anEventTheStoreCannotTakeIsHandedOverAndTheOthersAreProjected() throws SQLException {
        Projection.Event wrong = new Projection.Event(IMAGES, 0, 1, "not an envelope");

        projection.write(List.of(tag(0, 0, "v1"), wrong, tag(0, 2, "v3")), (event, reason) -> refused.add(event));

        assertThat(refused).containsExactly(wrong);
        assertThat(count("image_events")).isEqualTo(2);
        assertThat(projection.storedOffsets()).containsEntry(new TopicPartition(IMAGES, 0), 3L);
    }

    @Test
    void aResetStoreIsReadFromOffsetZero() throws SQLException {
        projection.write(List.of(tag(0, 0, "v1")), (event, reason) -> refused.add(event));

        projection.reset();

        assertThat(projection.storedOffsets()).isEmpty();
        assertThat(count("image_events")).isZero();
    }

    private static Projection.Event tag(int partition, long offset, String tag) {
        return new Projection.Event(IMAGES, partition, offset, Events.discovered(Envelopes.meta(T0.plusSeconds(offset)),
                "registry.test/acme/api", tag, "sha256:" + "a".repeat(63) + offset, DiscoverySource.POLL));
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
