package io.shiplog.auditor.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.auditor.config.AuditStoreProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The audit store's schema under Flyway: a new store, a store migrated before Flyway (the upgrade path of every
 * existing store), and the rebuild's reset. On SQLite here; {@link PostgresSchemaMigratorIT} runs the same on
 * PostgreSQL.
 */
class SchemaMigratorTest {

    private AuditStoreProperties properties;
    private DataSource direct;
    private JdbcClient jdbc;
    private AuditStore store;

    /** A new, empty database: its JDBC URL, user and password. */
    AuditStoreProperties newDatabase() throws Exception {
        Path dir = Files.createTempDirectory("audit-schema");
        return new AuditStoreProperties("jdbc:sqlite:" + dir.resolve("audit.db"), "sa", "", 2);
    }

    @BeforeEach
    void createDatabase() throws Exception {
        properties = newDatabase();
        direct = new DriverManagerDataSource(properties.url(), properties.username(), properties.password());
        jdbc = JdbcClient.create(direct);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aNewStoreIsMigratedToTheNewestVersionInFlywaysHistory() {
        store = AuditStore.open(properties);

        assertThat(history()).containsExactly(List.of("1", "SQL"), List.of("2", "SQL"), List.of("3", "SQL"),
                List.of("4", "SQL"), List.of("5", "SQL"), List.of("6", "SQL"),
                List.of("7", "SQL"), List.of("8", "SQL"), List.of("9", "SQL"));
        assertThat(SchemaMigrator.exists(direct, "update_skips")).isTrue();
        assertThat(SchemaMigrator.exists(direct, SchemaMigrator.LEGACY_TABLE)).isFalse();
    }

    @Test
    void openingAMigratedStoreAgainChangesNothing() {
        AuditStore.open(properties).close();
        List<List<String>> before = history();

        store = AuditStore.open(properties);

        assertThat(history()).isEqualTo(before);
    }

    @Test
    void aStoreMigratedBeforeFlywayIsBaselinedAtItsVersionKeepsItsRowsAndLosesTheOldTable() throws IOException {
        legacyStore(4);
        jdbc.sql("INSERT INTO clusters (name, first_seen) VALUES ('prod', 1)").update();
        jdbc.sql("INSERT INTO projection_offsets (topic, part, next_offset) VALUES ('shiplog.images', 0, 42)")
                .update();

        store = AuditStore.open(properties);

        assertThat(history()).containsExactly(List.of("4", "BASELINE"), List.of("5", "SQL"), List.of("6", "SQL"),
                List.of("7", "SQL"), List.of("8", "SQL"), List.of("9", "SQL"));
        assertThat(SchemaMigrator.exists(direct, SchemaMigrator.LEGACY_TABLE)).isFalse();
        assertThat(jdbc.sql("SELECT next_offset FROM projection_offsets").query(Long.class).single()).isEqualTo(42L);
        assertThat(jdbc.sql("SELECT name FROM clusters").query(String.class).list()).containsExactly("prod");
    }

    @Test
    void aStoreMigratedBeforeFlywayToAnOlderVersionGetsOnlyTheNewerMigrations() throws IOException {
        legacyStore(3);
        jdbc.sql("INSERT INTO clusters (name, first_seen) VALUES ('prod', 1)").update();

        store = AuditStore.open(properties);

        assertThat(history()).containsExactly(List.of("3", "BASELINE"), List.of("4", "SQL"), List.of("5", "SQL"),
                List.of("6", "SQL"), List.of("7", "SQL"), List.of("8", "SQL"), List.of("9", "SQL"));
        assertThat(SchemaMigrator.exists(direct, "update_skips")).isTrue();
        assertThat(jdbc.sql("SELECT name FROM clusters").query(String.class).list()).containsExactly("prod");
    }

    @Test
    void aStoreWhoseFirstMigrationNeverCommittedBeforeFlywayIsMigratedFromTheStart() throws IOException {
        legacyStore(0);

        store = AuditStore.open(properties);

        assertThat(versions()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(SchemaMigrator.exists(direct, SchemaMigrator.LEGACY_TABLE)).isFalse();
    }

    @Test
    void aConversionInterruptedAfterTheBaselineOnlyDropsTheOldTableWhenTheStoreOpensAgain() throws IOException {
        legacyStore(4);
        SchemaMigrator.convertLegacyVersions(direct);
        legacyVersionTable(4);

        store = AuditStore.open(properties);

        assertThat(history()).containsExactly(List.of("4", "BASELINE"), List.of("5", "SQL"), List.of("6", "SQL"),
                List.of("7", "SQL"), List.of("8", "SQL"), List.of("9", "SQL"));
        assertThat(SchemaMigrator.exists(direct, SchemaMigrator.LEGACY_TABLE)).isFalse();
    }

    @Test
    void anUpgradedStoreListsEveryClusterDayOfItsAppliesForTheRollUpBackfill() throws IOException {
        legacyStore(4);
        for (Object[] apply : new Object[][] {{1L, "prod", 1_762_041_600_000L}, {2L, "prod", 1_762_127_999_999L},
                {3L, "prod", 1_762_128_000_000L}, {4L, "dr", 1_762_041_600_001L}}) {
            jdbc.sql("INSERT INTO applies (apply_seq, event_id, event_type, cluster, occurred_at) "
                    + "VALUES (?, ?, 'COMPLETED', ?, ?)").params(apply[0], "e" + apply[0], apply[1], apply[2]).update();
        }

        store = AuditStore.open(properties);

        assertThat(jdbc.sql("SELECT cluster, day FROM dora_days_stale ORDER BY cluster, day")
                .query((row, n) -> row.getString(1) + "/" + row.getLong(2)).list())
                .containsExactly("dr/20394", "prod/20394", "prod/20395");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM dora_days").query(Integer.class).single()).isZero();
    }

    @Test
    void aStoreAtVersion8DropsItsRollUpsWithoutPooledLeadTimesAndListsEveryDayForTheBackfill() throws IOException {
        legacyStore(8);
        jdbc.sql("INSERT INTO applies (apply_seq, event_id, event_type, cluster, occurred_at) "
                + "VALUES (1, 'e1', 'COMPLETED', 'prod', 1762041600000)").update();
        jdbc.sql("INSERT INTO dora_days (cluster, day, deployments, failed, deliveries, runs, hours) "
                + "VALUES ('prod', 20394, 1, 0, 'app\t1\t0\t60000\n', '', '')").update();

        store = AuditStore.open(properties);

        assertThat(history()).containsExactly(List.of("8", "BASELINE"), List.of("9", "SQL"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM dora_days").query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT cluster || '/' || day FROM dora_days_stale").query(String.class).list())
                .containsExactly("prod/20394");
    }

    @Test
    void anUpgradedStoreListsTheDetectionsNoResolutionClosedAsOpenDrift() throws IOException {
        legacyStore(5);
        for (Object[] drift : new Object[][] {
                {"d1", "DETECTED", "prod", "apps", "web", null, 1_000L},
                {"r1", "RESOLVED", "prod", "apps", "web", null, 2_000L},
                {"d2", "DETECTED", "prod", "apps", "api", null, 3_000L},
                {"d3", "DETECTED", "staging", "apps", "web", null, 3_000L},
                {"d4", "DETECTED", "staging", null, "apps", null, 4_000L},
                {"r4", "RESOLVED", "staging", "", "apps", null, 5_000L},
                {"d5", "DETECTED", "prod", "apps", "db", null, 6_000L},
                {"r5", "RESOLVED", "prod", "apps", "cache", "d5", 7_000L}}) {
            jdbc.sql("INSERT INTO drift (event_id, event_type, cluster, obj_kind, obj_namespace, obj_name, "
                    + "detected_event_id, occurred_at) VALUES (?, ?, ?, 'Deployment', ?, ?, ?, ?)").params(drift)
                    .update();
        }

        store = AuditStore.open(properties);

        // web on prod is resolved; web on staging and api are not; a namespace "" is not the absent namespace;
        // db is resolved by the resolution naming it
        assertThat(jdbc.sql("SELECT event_id FROM open_drift ORDER BY event_id").query(String.class).list())
                .containsExactly("d2", "d3", "d4");
    }

    @Test
    void aResetLeavesAnEmptyStoreAtTheNewestVersion() {
        store = AuditStore.open(properties);
        jdbc.sql("INSERT INTO clusters (name, first_seen) VALUES ('prod', 1)").update();

        store.reset();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM clusters").query(Integer.class).single()).isZero();
        assertThat(versions()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    @Test
    void knowsEveryTableToDropForARebuildFromTheMigrationFiles() {
        assertThat(SchemaMigrator.tables()).contains("projection_offsets", "applies", "workload_images", "clusters",
                "update_skips", SchemaMigrator.HISTORY_TABLE, SchemaMigrator.LEGACY_TABLE).doesNotHaveDuplicates();
    }

    @Test
    void findsTheMigrationsInVersionOrder() {
        assertThat(SchemaMigrator.migrations()).extracting(Resource::getFilename).startsWith(
                "V1__projection.sql", "V2__sequential_keys_and_placements.sql", "V3__covering_cluster_index.sql",
                "V4__update_skips.sql", "V5__daily_dora_rollups.sql");
    }

    /** Flyway's history, in installation order: each entry's version and type ({@code SQL}, {@code BASELINE}). */
    private List<List<String>> history() {
        return jdbc.sql("SELECT version, type FROM " + SchemaMigrator.HISTORY_TABLE + " ORDER BY installed_rank")
                .query((row, n) -> List.of(String.valueOf(row.getString(1)), row.getString(2))).list();
    }

    private List<String> versions() {
        return history().stream().map(entry -> entry.get(0)).toList();
    }

    /**
     * A store as the migrator before Flyway left it at {@code version}: the migrations up to it applied, each
     * recorded in {@code audit_schema_version} (version 0: the table alone, as when the first one failed).
     */
    private void legacyStore(int version) throws IOException {
        legacyVersionTable(0);
        List<Resource> migrations = SchemaMigrator.migrations();
        for (int v = 1; v <= version; v++) {
            for (String statement : statements(migrations.get(v - 1).getContentAsString(StandardCharsets.UTF_8))) {
                jdbc.sql(statement).update();
            }
            jdbc.sql("INSERT INTO audit_schema_version (version, name, applied_at) VALUES (?, ?, ?)")
                    .params(v, migrations.get(v - 1).getFilename(), System.currentTimeMillis()).update();
        }
    }

    /** The pre-Flyway version table, as that migrator created it, recording versions 1 to {@code upTo}. */
    private void legacyVersionTable(int upTo) {
        jdbc.sql("CREATE TABLE IF NOT EXISTS audit_schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                + "name VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)").update();
        for (int v = 1; v <= upTo; v++) {
            jdbc.sql("INSERT INTO audit_schema_version (version, name, applied_at) VALUES (?, ?, ?)")
                    .params(v, "V" + v, 0L).update();
        }
    }

    /** The pre-Flyway migrator's split: statements end with {@code ;} at a line end; comment lines are skipped. */
    private static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }
}
