package io.shiplog.dev;

import io.shiplog.local.support.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;

/**
 * The drift-auditor's store and API token under {@code shiplog dev}: the SQLite store next to the release log, and a
 * random token (the API requires one of at least 16 characters) kept in {@code audit-token} there, readable by the
 * owner only. The token is handed to the service as a property and never printed or logged; users read the file:
 * {@code SHIPLOG_AUDIT_TOKEN=$(cat shiplog-dev/audit-token) shiplog audit ...}. Without a data directory both live
 * in a temporary directory deleted on {@link #close()}.
 */
final class DevAuditStore implements AutoCloseable {

    private final Path dir;
    private final boolean temporary;
    private final Path tokenFile;
    private final String token;

    private DevAuditStore(Path dir, boolean temporary, Path tokenFile, String token) {
        this.dir = dir;
        this.temporary = temporary;
        this.tokenFile = tokenFile;
        this.token = token;
    }

    /** The store in {@code options.dataDir()} (a temporary directory when empty), creating the token once. */
    static DevAuditStore prepare(DevOptions options) {
        Path dir = options.dataDir().orElseGet(() -> TempDirs.create("dev-audit"));
        try {
            Files.createDirectories(dir);
            Path tokenFile = dir.resolve("audit-token");
            if (!Files.exists(tokenFile)) {
                Files.writeString(tokenFile, UUID.randomUUID().toString());
                try {
                    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the file keeps its default permissions
                }
            }
            return new DevAuditStore(dir, options.dataDir().isEmpty(), tokenFile,
                    Files.readString(tokenFile).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the audit store directory " + dir, e);
        }
    }

    /** The drift-auditor's arguments: its token and store. */
    List<String> arguments() {
        return List.of("--shiplog.audit.api.token=" + token,
                "--shiplog.audit.store.url=jdbc:sqlite:" + dir.resolve("audit").resolve("audit.db").toAbsolutePath());
    }

    /** Where the token is, for the user to read. */
    Path tokenFile() {
        return tokenFile;
    }

    String token() {
        return token;
    }

    @Override
    public void close() {
        if (temporary) {
            TempDirs.deleteQuietly(dir);
        }
    }

    @Override
    public String toString() {
        return "DevAuditStore[" + dir + ", token in " + tokenFile + "]";
    }
}
