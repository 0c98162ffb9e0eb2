package io.shiplog.dev;

import io.shiplog.dev.data.DataDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;

/**
 * The drift-auditor's store and API token under {@code shiplog dev}: the SQLite store in {@code audit/} of the data
 * directory, and a random token (the API requires one of at least 16 characters) kept in {@code audit-token} there,
 * readable by the owner only. The token is handed to the service as a property and never printed or logged; users
 * read the file: {@code SHIPLOG_AUDIT_TOKEN=$(cat shiplog-dev/audit-token) shiplog audit ...}.
 */
final class DevAuditStore {

    private final DataDir data;
    private final Path tokenFile;
    private final String token;

    private DevAuditStore(DataDir data, Path tokenFile, String token) {
        this.data = data;
        this.tokenFile = tokenFile;
        this.token = token;
    }

    /** The store in {@code data}, creating the token once. */
    static DevAuditStore prepare(DataDir data) {
        try {
            Files.createDirectories(data.audit());
            Path tokenFile = data.root().resolve("audit-token");
            if (!Files.exists(tokenFile)) {
                Files.writeString(tokenFile, UUID.randomUUID().toString());
                try {
                    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the file keeps its default permissions
                }
            }
            return new DevAuditStore(data, tokenFile, Files.readString(tokenFile).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the audit store in " + data.audit(), e);
        }
    }

    /** The drift-auditor's arguments: its token and store. */
    List<String> arguments() {
        return List.of("--shiplog.audit.api.token=" + token,
                "--shiplog.audit.store.url=jdbc:sqlite:" + data.audit().resolve("audit.db"));
    }

    /** Where the token is, for the user to read. */
    Path tokenFile() {
        return tokenFile;
    }

    String token() {
        return token;
    }

    @Override
    public String toString() {
        return "DevAuditStore[" + data.audit() + ", token in " + tokenFile + "]";
    }
}
