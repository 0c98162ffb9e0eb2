package io.shiplog.auditor.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

    @Test
    void splitsScriptsIntoStatementsWithoutComments() {
        assertThat(SchemaMigrator.statements("-- a comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)");
    }

    @Test
    void knowsEveryTableToDropForARebuild() {
        assertThat(SchemaMigrator.tables()).contains("projection_offsets", "applies", "workload_images", "clusters",
                "audit_schema_version");
    }
}
