package io.shiplog.cluster.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

    private final List<Manifest> manifests = new ArrayList<>();
    private final List<LoadFailure> failures = new ArrayList<>();

    private void parse(String path, String text) {
        ManifestParser.parse(path, text.getBytes(StandardCharsets.UTF_8), manifests, failures);
    }

    @Test
    void readsEveryDocumentOfAMultiDocumentFile() {
        parse("a.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: one, namespace: ns}
                ---
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: two}
                """);
        assertThat(failures).isEmpty();
        assertThat(manifests).extracting(m -> m.key().toString())
                .containsExactly("ConfigMap ns/one", "apps/Deployment two");
        assertThat(manifests.get(1).documentIndex()).isEqualTo(2);
        assertThat(manifests.get(1).source()).isEqualTo("a.yaml#3");
    }

    @Test
    void readsJsonFiles() {
        parse("b.json", "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"}}");
        assertThat(manifests).singleElement().satisfies(m -> assertThat(m.key().kind()).isEqualTo("Service"));
    }

    @Test
    void readsJsonFilesIndentedWithTabsAsSopsWritesThem() {
        parse("c.json", "{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"Secret\",\n\t\"metadata\": {\n\t\t\"name\": "
                + "\"s\"\n\t}\n}\n");
        assertThat(failures).isEmpty();
        assertThat(manifests).singleElement().satisfies(m -> assertThat(m.key().name()).isEqualTo("s"));
    }

    @Test
    void refusesInfiniteNumbersNamingTheDocumentAndReadsTheNextOne() {
        parse("inf.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                data: {x: .inf}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: b}
                """);
        assertThat(failures).extracting(LoadFailure::message)
                .containsExactly("inf.yaml document 1 holds a number JSON cannot represent (.inf or .nan)");
        assertThat(manifests).extracting(m -> m.key().name()).containsExactly("b");
    }

    @Test
    void expandsV1Lists() {
        parse("list.yaml", """
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
                """);
        assertThat(manifests).extracting(m -> m.key().name()).containsExactly("a", "b");
    }

    @Test
    void namesTheMissingFieldsOfADocument() {
        parse("c.yaml", "kind: ConfigMap\nmetadata: {}\n");
        assertThat(failures).singleElement().satisfies(f ->
                assertThat(f.message()).isEqualTo("c.yaml document 1 (ConfigMap) has no apiVersion, no metadata.name"));
    }

    @Test
    void rejectsADocumentThatIsNotAMapping() {
        parse("d.yaml", "- just\n- a list\n");
        assertThat(failures).singleElement().satisfies(f -> assertThat(f.message()).contains("is not a mapping"));
    }

    @Test
    void invalidYamlGivesThePositionButNeverTheContent() {
        parse("e.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: s}
                stringData:
                  password: "s3cr3t-value
                """);
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.message()).startsWith("invalid YAML in e.yaml document 1").contains("line");
            assertThat(f.message()).doesNotContain("s3cr3t-value");
        });
    }

    @Test
    void keepsTheDocumentsBeforeABrokenOne() {
        parse("f.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\nkey: [broken\n");
        assertThat(manifests).extracting(m -> m.key().name()).containsExactly("ok");
        assertThat(failures).singleElement().satisfies(f -> assertThat(f.documentIndex()).isEqualTo(1));
    }

    @Test
    void keepsDatesAsStrings() {
        parse("g.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: {day: 2024-01-01}\n");
        assertThat(manifests.get(0).body().getAsJsonObject("data").get("day").getAsString()).isEqualTo("2024-01-01");
    }

    @Test
    void neverShowsTheBodyInToString() {
        parse("h.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {token: top-secret}\n");
        assertThat(manifests.get(0).toString()).doesNotContain("top-secret").contains("Secret s");
    }

    @Test
    void refusesAYamlBombDeepNestingAndAHugeDocumentWithAClearErrorForThatFileOnly() {
        StringBuilder bomb = new StringBuilder("a: &a [" + "\"lol\",".repeat(8) + "\"lol\"]\n");
        String previous = "a";
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + previous + ",").repeat(8))
                    .append('*').append(previous).append("]\n");
            previous = String.valueOf(c);
        }
        parse("bomb.yaml", bomb.toString());
        parse("deep.yaml", "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        parse("huge.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n  big: "
                + "x".repeat(ManifestParser.MAX_DOCUMENT_CODE_POINTS + 1) + "\n");
        parse("good.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: good}\n");

        assertThat(manifests).extracting(m -> m.key().name()).containsExactly("good");
        assertThat(failures).extracting(LoadFailure::sourcePath).containsExactly("bomb.yaml", "deep.yaml", "huge.yaml");
        assertThat(failures.get(0).message()).contains("bomb.yaml", "aliases", "YAML bomb");
        assertThat(failures.get(1).message()).contains("deep.yaml").containsIgnoringCase("nesting depth");
        assertThat(failures.get(2).message()).contains("huge.yaml", "code points");
        assertThat(failures).allSatisfy(f -> assertThat(f.message()).hasSizeLessThan(400));
    }
}
