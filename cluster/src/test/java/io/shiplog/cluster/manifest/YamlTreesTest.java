package io.shiplog.cluster.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class YamlTreesTest {

    private static final Yaml YAML = GuardedYaml.parser(ManifestParser.MAX_DOCUMENT_CODE_POINTS);

    @Test
    void buildsTheTreeGsonBuildsForEveryKindOfYamlValue() {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: all, labels: {tier: "1"}, annotations: null}
                data:
                  text: plain
                  quoted: "0755"
                  date: 2024-01-01
                  multiline: |
                    line one
                    line two
                numbers: [1, -7, 3.25, 1e3, 0x1F, 12345678901234567890]
                flags: [true, false, yes, ~]
                empty: {}
                nothing: []
                binary: !!binary aGVsbG8=
                set: !!set {a, b}
                1: number key
                anchors: {base: &b {x: 1}, copy: *b}
                """;
        Object document = YAML.load(yaml);

        assertThat(YamlTrees.of(document)).isEqualTo(new Gson().toJsonTree(document));
    }

    @Test
    void refusesNumbersJsonCannotRepresentAsGsonDoes() {
        Iterator<Object> documents = YAML.loadAll("a: .inf\n---\nb: .nan\n").iterator();

        assertThatThrownBy(() -> YamlTrees.of(documents.next())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> YamlTrees.of(documents.next())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Gson().toJsonTree(YAML.load("a: .inf"))).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void aManifestParsesToTheSameBodyAsBefore() {
        byte[] bytes = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n"
                .getBytes(StandardCharsets.UTF_8);
        java.util.List<Manifest> manifests = new java.util.ArrayList<>();
        ManifestParser.parse("web.yaml", bytes, manifests, new java.util.ArrayList<>());

        assertThat(manifests).singleElement().satisfies(m -> assertThat(m.body())
                .isEqualTo(new Gson().toJsonTree(YAML.load(new String(bytes, StandardCharsets.UTF_8)))));
    }
}
