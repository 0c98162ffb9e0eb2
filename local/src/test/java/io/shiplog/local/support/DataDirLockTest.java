package io.shiplog.local.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {

    @TempDir
    Path scratch;

    @Test
    void createsTheDirectoryAndRecordsTheOwnersPid() {
        Path dir = scratch.resolve("a/b");

        try (DataDirLock lock = DataDirLock.acquire(dir, "test")) {
            assertThat(lock.dir()).isEqualTo(dir);
            assertThat(dir.resolve(DataDirLock.FILE_NAME)).hasContent(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    void refusesASecondUserUntilTheFirstLetsGo() {
        Path dir = scratch.resolve("shared");
        DataDirLock first = DataDirLock.acquire(dir, "first");

        assertThatThrownBy(() -> DataDirLock.acquire(dir, "second"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("second cannot use " + dir)
                .hasMessageContaining("in use in this JVM");

        first.close();
        DataDirLock.acquire(dir, "second").close();
    }
}
