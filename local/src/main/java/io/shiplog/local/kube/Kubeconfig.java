package io.shiplog.local.kube;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/** Writes a self-contained kubeconfig (CA inline, bearer token) with one cluster, user and context. */
final class Kubeconfig {

    /** The name of the kubeconfig in an API server's directory. */
    static final String FILE_NAME = "kubeconfig";

    private Kubeconfig() {
    }

    /** Writes (or atomically replaces) the file, readable by its owner only since it holds the token. */
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
        return ApiServerFiles.writePrivate(file, yaml);
    }

    /** A YAML double-quoted scalar; the values here are names, URLs and base64url tokens. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
