package io.shiplog.fleet.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {

    private static final List<String> KEYS = List.of("kubeconfig", "inCluster", "defaultNamespace", "paths", "drift");

    @Test
    void suggestsTheKeyMeantByCaseDashesOrTypos() {
        assertThat(Suggest.closest("kubeConfig", KEYS)).contains("kubeconfig");
        assertThat(Suggest.closest("in-cluster", KEYS)).contains("inCluster");
        assertThat(Suggest.closest("default_namespace", KEYS)).contains("defaultNamespace");
        assertThat(Suggest.closest("dirft", KEYS)).contains("drift");
        assertThat(Suggest.closest("path", KEYS)).contains("paths");
    }

    @Test
    void suggestsNothingForAFarKey() {
        assertThat(Suggest.closest("colour", KEYS)).isEmpty();
        assertThat(Suggest.unknownKey("colour", List.of("a", "b"))).isEqualTo("unknown key; expected one of: a, b");
    }
}
