package io.shiplog.local.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/** Writes a self-contained kubeconfig (CA inline, bearer token) with one cluster, user and context. */
final class Kubeconfig {

    private Kubeconfig() {
    }

    /** Writes the file readable by its owner only, since it holds the token. */
    static Path write(Path file, String name, URI server, String caCertificatePem, String token) {
        String ca = Base64.getEncoder().encodeToString(caCertificatePem.getBytes(StandardCharsets.US_ASCII));
        String user = name + "-admin";
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                    certificate-authority-data: %3$s
                users:
                - name: %4$s
                  user:
                    token: %5$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %4$s
                    namespace: default
                current-context: %1$s
                preferences: {}
                """.formatted(quoted(name), quoted(server.toString()), ca, quoted(user), quoted(token));
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file, e);
        }
    }

    /** A YAML double-quoted scalar; the values here are names, URLs and base64url tokens. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
