package io.shiplog.local.kube;

import java.util.List;

/** The JVM-wide clusters: one single cluster and one trio, all on one etcd; stopped at JVM exit. */
final class SharedKubeClusters {

    static final String SINGLE_NAME = "shared";
    static final List<String> TRIO_NAMES = List.of("alpha", "beta", "gamma");

    private static Etcd etcd;
    private static KubeCluster single;
    private static KubeClusters trio;

    private SharedKubeClusters() {
    }

    static synchronized KubeCluster single() {
        if (single == null) {
            single = KubeCluster.startOn(EnvtestBinaries.locate(), etcd(), SINGLE_NAME, true);
        }
        return single;
    }

    static synchronized KubeClusters trio() {
        if (trio == null) {
            trio = new KubeClusters(KubeCluster.startAll(EnvtestBinaries.locate(), etcd(), TRIO_NAMES, true));
        }
        return trio;
    }

    /** This class keeps the starting lease for good, so the shared etcd runs until JVM exit. */
    private static Etcd etcd() {
        if (etcd == null) {
            etcd = Etcd.start(EnvtestBinaries.locate());
        }
        return etcd;
    }
}
