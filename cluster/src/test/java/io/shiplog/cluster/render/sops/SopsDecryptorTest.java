package io.shiplog.cluster.render.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Files encrypted by the real sops (v3.13.3, age) during the test, decrypted in Java and compared with sops'. */
@ExtendWith(OutputCaptureExtension.class)
class SopsDecryptorTest {

    static final String CONFIG = """
            # a comment sops encrypts too
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: app-config
              namespace: apps
              labels:
                tier: backend
            settings:
              replicas: 3
              ratio: 1.50
              big: 1.0e+21
              small: 0.000001
              negative: -42
              enabled: true
              disabled: false
              quoted: "yes"
              empty: ""
              nothing: null
              multiline: |
                first line
                second line: with a colon
              folded: >
                folded text
                goes on
              unicode: "grüße ✓"
              list:
                - plain
                - 7
                - 2.5
                - false
                - nested:
                    deep: value  # trailing comment
                - [a, b]
              password_unencrypted: visible
            """;
    static final String SECRET = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: apps
              annotations:
                note: "version 2"
                replicas: "3"
            type: Opaque
            data:
              username: YWRtaW4=
              password: c2VjcmV0LXBhc3N3b3Jk
            stringData:
              url: postgres://admin:s3cr3t-PLAINTEXT@db:5432/app
              config.yaml: |
                a: 1
                b: two
            """;
    static final String JSON = """
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "from-json", "labels": {"a": "b"}},
             "data": {"token": "PLAINTEXT-json-token", "count": 12, "ratio": 0.25, "whole": 3.0, "on": true,
                      "none": null, "items": [1, "two", {"three": 3}], "huge": 12345678901234567890}}
            """;

    @TempDir
    static Path work;
    static SopsCli sops;
    static SopsCli.Key key;
    static SopsCli.Key otherKey;

    @BeforeAll
    static void keys() {
        sops = new SopsCli(work);
        key = sops.newKey();
        otherKey = sops.newKey();
    }

    private static SopsDecryptor decryptor(SopsCli.Key... keys) {
        AgeIdentities identities = AgeIdentities.none();
        for (SopsCli.Key k : keys) {
            identities = identities.and(AgeIdentities.parse(k.keyFile(), "test key"));
        }
        return new SopsDecryptor(identities);
    }

    /** Encrypts {@code content} with the real sops and checks Java decrypts it to what sops --decrypt prints. */
    private static JsonObject roundTrip(String name, String content, String... args) {
        byte[] encrypted = sops.encrypt(name, content, args);
        JsonObject body = SopsCli.parse(name, encrypted);
        assertThat(SopsDecryptor.isEncrypted(body)).isTrue();
        JsonObject decrypted = decryptor(key).decrypt(body, "apps/" + name);
        JsonObject expected = SopsCli.parse(name, sops.decrypt(name, encrypted, key));
        assertThat(decrypted).isEqualTo(expected);
        assertThat(decrypted.has("sops")).isFalse();
        return decrypted;
    }

    @Test
    void decryptsYamlThatSopsEncryptedWithItsDefaults() {
        JsonObject decrypted = roundTrip("config.yaml", CONFIG, "--age", key.recipient());
        JsonObject settings = decrypted.getAsJsonObject("settings");
        assertThat(settings.get("replicas").getAsInt()).isEqualTo(3);
        assertThat(settings.get("ratio").getAsDouble()).isEqualTo(1.5);
        assertThat(settings.get("enabled").getAsBoolean()).isTrue();
        assertThat(settings.get("multiline").getAsString()).isEqualTo("first line\nsecond line: with a colon\n");
        assertThat(settings.get("unicode").getAsString()).isEqualTo("grüße ✓");
        assertThat(settings.get("password_unencrypted").getAsString()).isEqualTo("visible");
        assertThat(settings.getAsJsonArray("list").get(4).getAsJsonObject().getAsJsonObject("nested")
                .get("deep").getAsString()).isEqualTo("value");
    }

    @Test
    void decryptsOnlyDataAndStringDataOfASecretEncryptedWithAnEncryptedRegex() {
        byte[] encrypted = sops.encrypt("regex-secret.yaml", SECRET, "--age", key.recipient(),
                "--encrypted-regex", "^(data|stringData)$");
        JsonObject body = SopsCli.parse("regex-secret.yaml", encrypted);
        assertThat(body.getAsJsonObject("metadata").get("name").getAsString()).isEqualTo("db");
        assertThat(body.getAsJsonObject("data").get("password").getAsString()).startsWith("ENC[AES256_GCM,");

        JsonObject decrypted = roundTrip("secret.yaml", SECRET, "--age", key.recipient(),
                "--encrypted-regex", "^(data|stringData)$");
        assertThat(decrypted.getAsJsonObject("data").get("password").getAsString())
                .isEqualTo("c2VjcmV0LXBhc3N3b3Jk");
        assertThat(decrypted.getAsJsonObject("stringData").get("config.yaml").getAsString())
                .isEqualTo("a: 1\nb: two\n");
    }

    @Test
    void decryptsJsonThatSopsEncrypted() {
        byte[] encrypted = sops.encrypt("config.json", JSON, "--age", key.recipient());
        JsonObject body = JsonParser.parseString(new String(encrypted, StandardCharsets.UTF_8)).getAsJsonObject();
        JsonObject decrypted = decryptor(key).decrypt(body, "apps/config.json");
        JsonObject expected = JsonParser.parseString(new String(sops.decrypt("config.json", encrypted, key),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(decrypted).isEqualTo(expected);
        assertThat(decrypted.getAsJsonObject("data").get("token").getAsString()).isEqualTo("PLAINTEXT-json-token");
        assertThat(decrypted.getAsJsonObject("data").get("count").getAsInt()).isEqualTo(12);
    }

    @Test
    void decryptsJsonParsedAsTheApplierParsesFiles() {
        roundTrip("parsed.json", JSON, "--age", key.recipient());
    }

    @Test
    void decryptsFilesWhoseMacCoversOnlyTheEncryptedValues() {
        JsonObject decrypted = roundTrip("mac-only.yaml", SECRET, "--age", key.recipient(),
                "--unencrypted-regex", "^(apiVersion|kind|metadata|type)$", "--mac-only-encrypted");
        assertThat(decrypted.getAsJsonObject("stringData").get("url").getAsString()).contains("s3cr3t-PLAINTEXT");
    }

    @Test
    void decryptsFilesEncryptedWithAnEncryptedSuffix() {
        JsonObject decrypted = roundTrip("suffix.yaml", SECRET, "--age", key.recipient(),
                "--encrypted-suffix", "Data");
        assertThat(decrypted.getAsJsonObject("stringData").get("url").getAsString()).contains("s3cr3t-PLAINTEXT");
    }

    @Test
    void decryptsWithTheKeyOfAnyOfSeveralRecipients() {
        byte[] encrypted = sops.encrypt("two.yaml", SECRET, "--age", otherKey.recipient() + "," + key.recipient());
        JsonObject decrypted = decryptor(key).decrypt(SopsCli.parse("two.yaml", encrypted), "apps/two.yaml");
        assertThat(decrypted).isEqualTo(SopsCli.parse("two.yaml", sops.decrypt("two.yaml", encrypted, key)));
    }

    @Test
    void refusesAFileWhoseUnencryptedValueWasAlteredWithoutShowingPlaintext(CapturedOutput output) {
        byte[] encrypted = sops.encrypt("altered.yaml", SECRET, "--age", key.recipient(),
                "--encrypted-regex", "^(data|stringData)$");
        JsonObject body = SopsCli.parse("altered.yaml", encrypted);
        body.getAsJsonObject("metadata").getAsJsonObject("annotations").addProperty("note", "version 3");

        assertThatThrownBy(() -> decryptor(key).decrypt(body, "apps/altered.yaml"))
                .isInstanceOf(SopsException.class)
                .hasMessage("MAC mismatch in apps/altered.yaml: the file was altered after sops encrypted it; "
                        + "refusing it")
                .satisfies(e -> assertNoSecrets(e.getMessage()));
        assertNoSecrets(output.getAll());
    }

    @Test
    void refusesEncryptedValuesMovedToAnotherKey() {
        byte[] encrypted = sops.encrypt("moved.yaml", SECRET, "--age", key.recipient());
        JsonObject body = SopsCli.parse("moved.yaml", encrypted);
        JsonObject data = body.getAsJsonObject("data");
        String username = data.get("username").getAsString();
        data.add("username", data.get("password"));
        data.addProperty("password", username);

        assertThatThrownBy(() -> decryptor(key).decrypt(body, "apps/moved.yaml"))
                .isInstanceOf(SopsException.class)
                .hasMessageContaining("the value at data.username of apps/moved.yaml does not decrypt")
                .satisfies(e -> assertNoSecrets(e.getMessage()));
    }

    @Test
    void refusesAFileWhoseEncryptedValueWasRemoved() {
        byte[] encrypted = sops.encrypt("removed.yaml", SECRET, "--age", key.recipient());
        JsonObject body = SopsCli.parse("removed.yaml", encrypted);
        body.getAsJsonObject("stringData").remove("config.yaml");

        assertThatThrownBy(() -> decryptor(key).decrypt(body, "apps/removed.yaml"))
                .isInstanceOf(SopsException.class).hasMessageStartingWith("MAC mismatch in apps/removed.yaml");
    }

    @Test
    void namesTheRecipientsWhenNoKeyMatches(CapturedOutput output) {
        byte[] encrypted = sops.encrypt("wrong-key.yaml", SECRET, "--age", otherKey.recipient());
        JsonObject body = SopsCli.parse("wrong-key.yaml", encrypted);

        assertThatThrownBy(() -> decryptor(key).decrypt(body, "apps/wrong-key.yaml"))
                .isInstanceOf(SopsException.class)
                .hasMessage("no identity matches any recipient of apps/wrong-key.yaml: recipients "
                        + otherKey.recipient() + "; Shiplog has keys for " + key.recipient())
                .satisfies(e -> assertNoSecrets(e.getMessage()));
        assertNoSecrets(output.getAll());
    }

    @Test
    void saysWhichKeyTypeAFileIsEncryptedForWhenItHasNoAgeRecipient() {
        JsonObject body = SopsCli.parse("pgp.yaml", sops.encrypt("pgp.yaml", SECRET, "--age", key.recipient()));
        JsonObject metadata = body.getAsJsonObject("sops");
        metadata.remove("age");
        JsonArray pgp = new JsonArray();
        JsonObject pgpKey = new JsonObject();
        pgpKey.addProperty("fp", "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4");
        pgpKey.addProperty("enc", "-----BEGIN PGP MESSAGE-----\n...\n-----END PGP MESSAGE-----\n");
        pgp.add(pgpKey);
        metadata.add("pgp", pgp);
        metadata.add("kms", pgp.deepCopy());

        assertThatThrownBy(() -> decryptor(key).decrypt(body, "apps/pgp.yaml"))
                .isInstanceOf(SopsException.class)
                .hasMessage("apps/pgp.yaml is encrypted for pgp, kms only; Shiplog decrypts age");
    }

    @Test
    void refusesMalformedMetadataNamingTheFile() {
        JsonObject body = SopsCli.parse("bad.yaml", sops.encrypt("bad.yaml", SECRET, "--age", key.recipient()));
        body.getAsJsonObject("sops").remove("mac");
        assertThatThrownBy(() -> decryptor(key).decrypt(body, "apps/bad.yaml"))
                .isInstanceOf(SopsException.class)
                .hasMessage("malformed sops metadata in apps/bad.yaml: sops.lastmodified or sops.mac is missing");

        JsonObject garbled = SopsCli.parse("bad.yaml", sops.encrypt("bad.yaml", SECRET, "--age",
                key.recipient()));
        garbled.getAsJsonObject("sops").getAsJsonArray("age").get(0).getAsJsonObject()
                .addProperty("enc", "-----BEGIN AGE ENCRYPTED FILE-----\nbm90IGFnZQo=\n"
                        + "-----END AGE ENCRYPTED FILE-----\n");
        assertThatThrownBy(() -> decryptor(key).decrypt(garbled, "apps/bad.yaml"))
                .isInstanceOf(SopsException.class)
                .hasMessageStartingWith("malformed sops metadata in apps/bad.yaml: the data key for "
                        + key.recipient() + ": not an age v1 file");
    }

    @Test
    void decryptsEveryDocumentOfAMultiDocumentFileUnderItsOneMac() {
        String file = SECRET + "---\n" + CONFIG;
        byte[] encrypted = sops.encrypt("multi.yaml", file, "--age", key.recipient());
        List<JsonObject> documents = SopsCli.parseAll("multi.yaml", encrypted);
        assertThat(documents).hasSize(2);

        List<JsonObject> decrypted = decryptor(key).decryptFile(documents, "apps/multi.yaml");
        assertThat(decrypted).isEqualTo(SopsCli.parseAll("multi.yaml", sops.decrypt("multi.yaml", encrypted, key)));
        assertThatThrownBy(() -> decryptor(key).decryptFile(documents.subList(0, 1), "apps/multi.yaml"))
                .isInstanceOf(SopsException.class).hasMessageStartingWith("MAC mismatch in apps/multi.yaml");
    }

    @Test
    void decryptsFilesEncryptedByCommentRules() {
        String marked = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: marked
                data:
                  # sops:enc
                  token: PLAINTEXT-marked
                  public: visible
                """;
        JsonObject decrypted = roundTrip("marked.yaml", marked, "--age", key.recipient(),
                "--encrypted-comment-regex", "sops:enc");
        assertThat(decrypted.getAsJsonObject("data").get("token").getAsString()).isEqualTo("PLAINTEXT-marked");
    }

    @Test
    void authenticatesUnencryptedScalarsThatYamlVersionsReadDifferently() {
        String ambiguous = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ambiguous
                literal_unencrypted:
                  "on": on
                  yes: "yes"
                  octal: 0755
                  octal12: 0o17
                  sexagesimal: 1:20
                  date: 2024-01-01
                  underscores: 1_000
                  tilde: ~
                  hex: 0x1F
                  exponent: 1e3
                  binary: !!binary aGVsbG8=
                  leadingZero: 012
                  float: 2.50
                secret: PLAINTEXT-ambiguous
                """;
        roundTrip("ambiguous.yaml", ambiguous, "--age", key.recipient());
    }

    @Test
    void authenticatesStringsThatLookLikeOtherTypesOrNeedEscaping() {
        String tricky = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: tricky
                  annotations:
                    "null": "null"
                    tilde: "~"
                    number: "123"
                    exponent: "1e3"
                    hex: "0x10"
                    bool: "true"
                    html: "<a href='x'>&amp;</a>"
                    tab: "a\tb"
                    trailing: "spaces   "
                    emoji: "🚢 ship"
                    escaped: "line\nbreak \u00e9"
                    keep: |+
                      kept newlines

                    strip: |-
                      no final newline
                    empty_list: []
                    empty_map: {}
                stringData:
                  secret: PLAINTEXT-tricky
                """;
        roundTrip("tricky.yaml", tricky, "--age", key.recipient(), "--encrypted-regex", "^stringData$");
        roundTrip("tricky-all.yaml", tricky, "--age", key.recipient());
        roundTrip("tricky.json", new Gson().toJson(SopsCli.parse("t.yaml",
                tricky.getBytes(StandardCharsets.UTF_8))), "--age", key.recipient(), "--encrypted-regex",
                "^stringData$");
    }

    @Test
    void returnsAnObjectWithoutSopsMetadataAsItIs() {
        JsonObject plain = SopsCli.parse("plain.yaml", SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(decryptor(key).decrypt(plain, "apps/plain.yaml")).isSameAs(plain);
    }

    @Test
    void formatsFloatsForTheMacAsGoDoes() {
        assertThat(List.of(MacInput.goFloat(1.5), MacInput.goFloat(1e21), MacInput.goFloat(1e-6),
                MacInput.goFloat(0.1 + 0.2), MacInput.goFloat(-0.0), MacInput.goFloat(3.0),
                MacInput.goFloat(1.2345678901234567e19)))
                .containsExactly("1.5", "1000000000000000000000", "0.000001", "0.30000000000000004", "-0", "3",
                        "12345678901234567000");
    }

    private static void assertNoSecrets(String text) {
        assertThat(text).doesNotContain("s3cr3t-PLAINTEXT", "c2VjcmV0LXBhc3N3b3Jk", "YWRtaW4=", secretKeyOf(key));
    }

    private static String secretKeyOf(SopsCli.Key k) {
        return k.keyFile().lines().filter(l -> l.startsWith("AGE-SECRET-KEY-1")).findFirst().orElseThrow();
    }
}
