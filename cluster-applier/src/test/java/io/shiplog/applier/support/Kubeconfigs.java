package io.shiplog.applier.support;

import io.shiplog.local.kube.KubeCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Variants of a testkit cluster's kubeconfig: another server address, or a token the server does not know. */
public final class Kubeconfigs {

    private Kubeconfigs() {
    }

    /** The cluster's kubeconfig pointing at {@code https://127.0.0.1:<port>} instead. */
    public static Path withPort(KubeCluster cluster, int port) {
        return rewrite(cluster, text -> text.replace(cluster.serverUrl().toString(), "https://127.0.0.1:" + port));
    }

    /** The cluster's kubeconfig with a token the API server rejects (as expired credentials are). */
    public static Path withExpiredToken(KubeCluster cluster) {
        return rewrite(cluster, text -> text.replace(cluster.adminToken(), "expired-token-0000"));
    }

    private static Path rewrite(KubeCluster cluster, java.util.function.UnaryOperator<String> change) {
        try {
            String text = Files.readString(cluster.kubeconfigPath());
            Path file = Files.createTempFile("kubeconfig-", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, change.apply(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
