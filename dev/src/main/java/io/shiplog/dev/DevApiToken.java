package io.shiplog.dev;

import io.shiplog.dev.data.DataDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The API token of a {@code shiplog dev} run: random, new on every start, a write token of every service
 * ({@code shiplog.api.tokens[0]}, named {@value #NAME}), kept in {@code api-token} of the data directory, readable by
 * the owner only. It is handed to the services as a property and never printed or logged; users read the file:
 * {@code SHIPLOG_AUDIT_TOKEN=$(cat shiplog-dev/api-token) shiplog audit ...}.
 */
final class DevApiToken {

    static final String NAME = "dev";

    private final Path file;
    private final String token;

    private DevApiToken(Path file, String token) {
        this.file = file;
        this.token = token;
    }

    /** A new token in {@code data}, replacing the one of an earlier run (and the older {@code audit-token}). */
    static DevApiToken generate(DataDir data) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = "shiplog-dev-" + HexFormat.of().formatHex(random);
        Path file = data.root().resolve("api-token");
        try {
            Files.deleteIfExists(data.root().resolve("audit-token"));
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps its default permissions
            }
            Files.writeString(file, token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the API token to " + file, e);
        }
        return new DevApiToken(file, token);
    }

    /** Every service's arguments: the token with role write. */
    List<String> arguments() {
        return List.of("--shiplog.api.tokens[0].name=" + NAME, "--shiplog.api.tokens[0].token=" + token,
                "--shiplog.api.tokens[0].role=write");
    }

    /** Where the token is, for the user to read. */
    Path file() {
        return file;
    }

    String token() {
        return token;
    }

    @Override
    public String toString() {
        return "DevApiToken[in " + file + "]";
    }
}
