package io.shiplog.applier.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.cluster.manifest.ObjectKey;
import org.junit.jupiter.api.Test;

class PrunerTest {

    @Test
    void aNamespaceACrdAndAnAdoptedObjectAreKeptSayingHowToOptIn() {
        assertThat(Pruner.keptUnlessOptedIn(new ObjectKey("", "Namespace", null, "team"), false))
                .contains("Namespace", "shiplog.io/prune: enabled");
        assertThat(Pruner.keptUnlessOptedIn(new ObjectKey("apiextensions.k8s.io", "CustomResourceDefinition", null,
                "widgets.example.com"), false)).contains("CustomResourceDefinition", "shiplog.io/prune: enabled");
        assertThat(Pruner.keptUnlessOptedIn(new ObjectKey("", "ConfigMap", "team", "found"), true))
                .contains("adopted", "shiplog.io/prune: enabled");
    }

    @Test
    void anObjectShiplogCreatedAndKindsThatOnlyShareTheNameMayBePruned() {
        assertThat(Pruner.keptUnlessOptedIn(new ObjectKey("", "ConfigMap", "team", "created"), false)).isNull();
        assertThat(Pruner.keptUnlessOptedIn(new ObjectKey("example.com", "Namespace", "team", "n"), false)).isNull();
        assertThat(Pruner.keptUnlessOptedIn(new ObjectKey("example.com", "CustomResourceDefinition", null, "c"),
                false)).isNull();
    }
}
