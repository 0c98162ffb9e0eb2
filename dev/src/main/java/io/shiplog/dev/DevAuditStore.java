package io.shiplog.dev;

import io.shiplog.dev.data.DataDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * The drift-auditor's store under {@code shiplog dev}: SQLite in {@code audit/} of the data directory. The audit API
 * takes the run's API token ({@link DevApiToken}) like every other service's API.
 */
final class DevAuditStore {

    private final DataDir data;

    private DevAuditStore(DataDir data) {
        this.data = data;
    }

    /** The store in {@code data}. */
    static DevAuditStore prepare(DataDir data) {
        try {
            Files.createDirectories(data.audit());
            return new DevAuditStore(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the audit store in " + data.audit(), e);
        }
    }

    /** The drift-auditor's arguments: its store. */
    List<String> arguments() {
        return List.of("--shiplog.audit.store.url=jdbc:sqlite:" + data.audit().resolve("audit.db"));
    }

    @Override
    public String toString() {
        return "DevAuditStore[" + data.audit() + "]";
    }
}
