package io.shiplog.auditor.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit store's schema, migrated by Flyway: {@code db/audit/V<n>__<name>.sql} on the classpath, applied in order,
 * each in one transaction, recorded in {@value #HISTORY_TABLE} (a name of its own, so a PostgreSQL schema shared with
 * another Flyway user keeps two histories apart).
 *
 * <p>A store created before Flyway recorded its versions in {@value #LEGACY_TABLE}. It is converted once, at the
 * first start: Flyway's history is baselined at the highest version recorded there (the migrations up to it are not
 * run again), the newer migrations are applied, and the old table is dropped. A crash in between is safe: the
 * conversion only baselines when Flyway has no history yet, and drops the old table whenever both exist.
 *
 * <p>Flyway's {@code clean} stays disabled (its default): on PostgreSQL it drops every object of the schema, not
 * only the audit store's. A rebuild drops exactly {@link #tables()} instead and migrates again.
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    /** Where the migrations are, on the classpath. */
    static final String LOCATION = "db/audit";
    /** Flyway's history of the audit store. */
    static final String HISTORY_TABLE = "audit_schema_history";
    /** The version table of stores migrated before Flyway; see the class comment. */
    static final String LEGACY_TABLE = "audit_schema_version";
    private static final Pattern CREATE_TABLE =
            Pattern.compile("(?im)^\\s*CREATE\\s+TABLE\\s+([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

    private SchemaMigrator() {
    }

    /** Brings the schema to the newest version (converting a pre-Flyway store first); returns that version. */
    static String migrate(DataSource dataSource) {
        convertLegacyVersions(dataSource);
        // a schema holding other tables but no history (a shared PostgreSQL schema) starts below V1, not refused
        MigrateResult result = flyway(dataSource).baselineOnMigrate(true).baselineVersion("0").load().migrate();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
                : result.initialSchemaVersion;
        if (result.migrationsExecuted > 0) {
            LOG.info("audit store schema migrated from version {} to {} ({} migrations)",
                    result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion, version,
                    result.migrationsExecuted);
        }
        return version;
    }

    /**
     * The one-time conversion of a store migrated before Flyway: baseline at the version {@value #LEGACY_TABLE}
     * records (none when it records none: the first migration never committed), then drop that table.
     */
    static void convertLegacyVersions(DataSource dataSource) {
        if (!exists(dataSource, LEGACY_TABLE)) {
            return;
        }
        JdbcClient jdbc = JdbcClient.create(dataSource);
        int recorded = jdbc.sql("SELECT COALESCE(MAX(version), 0) FROM " + LEGACY_TABLE).query(Integer.class)
                .single();
        if (recorded > 0 && !exists(dataSource, HISTORY_TABLE)) {
            flyway(dataSource).baselineVersion(Integer.toString(recorded))
                    .baselineDescription("converted from " + LEGACY_TABLE).load().baseline();
            LOG.info("audit store: schema version {} from {} is now Flyway's baseline in {}", recorded,
                    LEGACY_TABLE, HISTORY_TABLE);
        }
        jdbc.sql("DROP TABLE " + LEGACY_TABLE).update();
    }

    private static FluentConfiguration flyway(DataSource dataSource) {
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:" + LOCATION)
                .table(HISTORY_TABLE)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true);
    }

    /** Whether {@code table} exists in the connection's own schema. */
    static boolean exists(DataSource dataSource, String table) {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            for (String name : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
                try (ResultSet tables = meta.getTables(connection.getCatalog(), connection.getSchema(), name,
                        new String[] {"TABLE"})) {
                    if (tables.next()) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the tables of the audit store: " + e.getMessage(), e);
        }
    }

    /**
     * Every table the migrations create, Flyway's history and the pre-Flyway version table: what a rebuild drops.
     * Read from the migration files, so a new migration's tables are dropped too.
     */
    static List<String> tables() {
        Set<String> tables = new LinkedHashSet<>();
        for (Resource migration : migrations()) {
            try {
                Matcher created = CREATE_TABLE.matcher(migration.getContentAsString(StandardCharsets.UTF_8));
                while (created.find()) {
                    tables.add(created.group(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read migration " + migration.getFilename(), e);
            }
        }
        tables.add(HISTORY_TABLE);
        tables.add(LEGACY_TABLE);
        return new ArrayList<>(tables);
    }

    /** The migration files in version order. */
    static List<Resource> migrations() {
        try {
            Resource[] found = new PathMatchingResourcePatternResolver(SchemaMigrator.class.getClassLoader())
                    .getResources("classpath:" + LOCATION + "/V*__*.sql");
            return Arrays.stream(found).sorted(Comparator.comparingInt(SchemaMigrator::version)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the migrations in " + LOCATION, e);
        }
    }

    private static int version(Resource migration) {
        Matcher name = VERSION.matcher(String.valueOf(migration.getFilename()));
        if (!name.matches()) {
            throw new IllegalStateException("migration " + migration.getFilename() + " is not named V<n>__<name>.sql");
        }
        return Integer.parseInt(name.group(1));
    }
}
