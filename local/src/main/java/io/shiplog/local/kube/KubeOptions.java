package io.shiplog.local.kube;

import java.nio.file.Path;

/**
 * How {@link KubeCluster#startMany(KubeOptions, String...)} starts its etcd and API servers.
 *
 * <p>With a data directory the state survives a restart on the same directory:
 * <ul>
 *   <li>{@code <dataDir>/etcd}: etcd's data, kept; every API server stores under the etcd prefix
 *   {@code /clusters/<name>}, so a cluster of the same name finds its objects again;</li>
 *   <li>{@code <dataDir>/<name>/}: that API server's files, kept: admin token, service-account key pair,
 *   {@code certs/} (made by kube-apiserver on its first start), its log, and {@code kubeconfig}, rewritten at each
 *   start;</li>
 *   <li>{@code <dataDir>/etcd.log} and {@code <dataDir>/.lock} (one set of clusters per directory at a time).</li>
 * </ul>
 *
 * @param dataDir null for temp directories removed on close; else the directory above, created on first use, never
 *                deleted (stored absolute)
 */
public record KubeOptions(Path dataDir) {

    /** The subdirectory of the data directory that holds etcd's data; not usable as a cluster name. */
    static final String ETCD_DIR = "etcd";

    public KubeOptions {
        dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
    }

    /** Temp directories removed on close: nothing survives. */
    public static KubeOptions ephemeral() {
        return new KubeOptions(null);
    }

    /** Keeps etcd's data and each API server's files in {@code dir} (null: temp directories). */
    public KubeOptions withDataDir(Path dir) {
        return new KubeOptions(dir);
    }

    /** The directory of the API server {@code name}, {@code <dataDir>/<name>}; null without a data directory. */
    Path clusterDir(String name) {
        return dataDir == null ? null : dataDir.resolve(name);
    }

    @Override
    public String toString() {
        return "KubeOptions[dataDir=" + (dataDir == null ? "(temp)" : dataDir) + "]";
    }
}
