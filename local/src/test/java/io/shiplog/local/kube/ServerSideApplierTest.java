package io.shiplog.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSideApplierTest {

    @Test
    void readsEveryYamlDocumentSkippingEmptyOnes() {
        List<JsonObject> documents = ServerSideApplier.parse("""
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                ---
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: b}
                """);

        assertThat(documents).extracting(d -> d.get("kind").getAsString()).containsExactly("ConfigMap", "Secret");
    }

    @Test
    void readsJson() {
        List<JsonObject> documents = ServerSideApplier.parse("""
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"n": "1"}}
                """);

        assertThat(documents.get(0).getAsJsonObject("data").get("n").getAsString()).isEqualTo("1");
    }

    @Test
    void keepsDatesAsTheStringsKubernetesExpects() {
        JsonObject document = ServerSideApplier.parse("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                data:
                  day: 2024-01-01
                  moment: 2024-01-01T10:00:00Z
                """).get(0);

        assertThat(document.getAsJsonObject("data").get("day").getAsString()).isEqualTo("2024-01-01");
        assertThat(document.getAsJsonObject("data").get("moment").getAsString()).isEqualTo("2024-01-01T10:00:00Z");
    }

    @Test
    void keepsNumbersAndBooleansTyped() {
        JsonObject spec = ServerSideApplier.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: a}
                spec: {replicas: 3, paused: true}
                """).get(0).getAsJsonObject("spec");

        assertThat(spec.get("replicas").getAsJsonPrimitive().isNumber()).isTrue();
        assertThat(spec.get("replicas").getAsInt()).isEqualTo(3);
        assertThat(spec.get("paused").getAsJsonPrimitive().isBoolean()).isTrue();
    }

    @Test
    void rejectsADocumentThatIsNotAMappingNamingIt() {
        assertThatThrownBy(() -> ServerSideApplier.parse("apiVersion: v1\nkind: ConfigMap\n---\n- a\n- b\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("document 2 is not a mapping");
    }

    @Test
    void rejectsManifestsWithoutAnyDocument() {
        assertThatThrownBy(() -> ServerSideApplier.parse("---\n# nothing\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no document");
    }
}
