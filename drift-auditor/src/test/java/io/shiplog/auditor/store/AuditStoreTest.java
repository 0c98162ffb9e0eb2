package io.shiplog.auditor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.auditor.config.AuditStoreProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessException;

/** The embedded store's two pools: the projection's writes, the queries' read-only connections. */
class AuditStoreTest {

    @TempDir
    Path dir;

    @Test
    void theQueriesReadWhatTheProjectionWroteAndCannotWriteThemselves() {
        try (AuditStore store = AuditStore.open(new AuditStoreProperties("jdbc:sqlite:" + dir.resolve("audit.db"),
                "sa", "", 2))) {
            store.jdbc().sql("INSERT INTO clusters (name, first_seen) VALUES ('prod', 1)").update();

            assertThat(store.queries().sql("SELECT name FROM clusters").query(String.class).list())
                    .containsExactly("prod");
            assertThatThrownBy(() -> store.queries().sql("INSERT INTO clusters (name, first_seen) VALUES ('dr', 2)")
                    .update()).isInstanceOf(DataAccessException.class).hasMessageContaining("readonly");
            assertThat(store.jdbc().sql("SELECT COUNT(*) FROM clusters").query(Long.class).single()).isEqualTo(1);
        }
    }
}
