package io.shiplog.local.oci;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** Writes the files {@code docker-registry serve} needs: its YAML config and the bcrypt htpasswd file. */
final class RegistryConfigFile {

    static final String REALM = "shiplog-testkit";

    private RegistryConfigFile() {
    }

    /**
     * Writes {@code config.yml} into {@code dir} (mode 0600: it holds the notification headers): filesystem storage
     * under {@code storage} with deletes on, loopback address, htpasswd auth when {@code htpasswd} is not null, token
     * auth (realm, service, issuer, rootcertbundle) when {@code tokens} is not null, and
     * every notification endpoint with a short timeout and backoff. The log level is {@code warn}: at {@code info}
     * the registry logs the endpoints' header values, which may be secrets; its warnings and errors about failed
     * deliveries name the endpoint's URL only.
     */
    static Path write(Path dir, Path storage, int port, Path htpasswd, TokenServer tokens,
                      List<NotificationEndpoint> endpoints) {
        StringBuilder yaml = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: warn\n  accesslog:\n    disabled: true\n")
                .append("storage:\n")
                .append("  filesystem:\n    rootdirectory: ").append(quote(storage.toString())).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append("  maintenance:\n    uploadpurging:\n      enabled: false\n")
                .append("http:\n  addr: ").append(quote("127.0.0.1:" + port)).append('\n')
                .append("  secret: ").append(quote(randomHex())).append('\n');
        if (htpasswd != null) {
            yaml.append("auth:\n  htpasswd:\n    realm: ").append(quote(REALM)).append('\n')
                    .append("    path: ").append(quote(htpasswd.toString())).append('\n');
        }
        if (tokens != null) {
            yaml.append("auth:\n  token:\n    realm: ").append(quote(tokens.realm().toString())).append('\n')
                    .append("    service: ").append(quote(TokenServer.SERVICE)).append('\n')
                    .append("    issuer: ").append(quote(TokenServer.ISSUER)).append('\n')
                    .append("    rootcertbundle: ").append(quote(tokens.rootCertBundle().toString())).append('\n');
        }
        if (!endpoints.isEmpty()) {
            yaml.append("notifications:\n  endpoints:\n");
            for (int i = 0; i < endpoints.size(); i++) {
                NotificationEndpoint endpoint = endpoints.get(i);
                yaml.append("    - name: ").append(quote("endpoint-" + i)).append('\n')
                        .append("      url: ").append(quote(endpoint.url().toString())).append('\n')
                        .append("      timeout: 2s\n      threshold: 3\n      backoff: 200ms\n");
                if (!endpoint.ignoredActions().isEmpty() || !endpoint.ignoredMediaTypes().isEmpty()) {
                    yaml.append("      ignore:\n");
                    appendList(yaml, "mediatypes", endpoint.ignoredMediaTypes());
                    appendList(yaml, "actions", endpoint.ignoredActions());
                }
                if (!endpoint.headers().isEmpty()) {
                    yaml.append("      headers:\n");
                    for (Map.Entry<String, String> header : endpoint.headers().entrySet()) {
                        yaml.append("        ").append(quote(header.getKey())).append(": [")
                                .append(quote(header.getValue())).append("]\n");
                    }
                }
            }
        }
        Path config = dir.resolve("config.yml");
        try {
            if (!Files.exists(config)) {
                Files.createFile(config, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(config, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the docker-registry config " + config, e);
        }
        return config;
    }

    private static void appendList(StringBuilder yaml, String name, Set<String> values) {
        if (!values.isEmpty()) {
            yaml.append("        ").append(name).append(":\n");
            new TreeSet<>(values).forEach(v -> yaml.append("          - ").append(quote(v)).append('\n'));
        }
    }

    /**
     * Writes {@code dir/htpasswd} with a bcrypt entry made by {@code htpasswd -niB} (the password goes through
     * stdin, never the command line). Cost 4, the lowest, since the registry checks it on every request.
     */
    static Path writeHtpasswd(Path dir, String username, String password) {
        Path file = dir.resolve("htpasswd");
        ProcessBuilder builder = new ProcessBuilder("htpasswd", "-niB", "-C", "4", username)
                .redirectOutput(file.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE);
        try {
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(password.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("htpasswd did not finish within 30 s");
            }
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0 || Files.size(file) == 0) {
                throw new IllegalStateException("htpasswd failed with exit code " + process.exitValue() + ": "
                        + errors);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run htpasswd (install Debian's apache2-utils): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running htpasswd", e);
        }
    }

    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
