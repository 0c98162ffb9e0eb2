package io.shiplog.cluster.render.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Secret encrypted by the real sops, built by the real kustomize with a namespace, a name prefix and labels (which
 * reorders keys and changes plain values, so the file's MAC no longer holds): decrypted like Flux does, value by
 * value, each still bound to its path.
 */
class RenderedObjectsTest {

    @TempDir
    static Path work;
    static SopsCli sops;
    static SopsCli.Key key;
    static JsonObject rendered;

    @BeforeAll
    static void build() throws Exception {
        sops = new SopsCli(work);
        key = sops.newKey();
        Path unit = Files.createDirectories(work.resolve("unit"));
        Files.write(unit.resolve("secret.yaml"), sops.encrypt("secret.yaml", SopsDecryptorTest.SECRET, "--age",
                key.recipient(), "--encrypted-regex", "^(data|stringData)$"));
        Files.writeString(unit.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: prod
                namePrefix: prod-
                labels:
                  - pairs: {team: shop}
                resources: [secret.yaml]
                """);
        rendered = SopsCli.parse("unit", sops.kustomizeBuild(unit));
    }

    @Test
    void decryptsTheValuesOfAnObjectKustomizeTransformed() {
        JsonObject decrypted = SopsDecryptor.forRenderedObjects(AgeIdentities.parse(key.keyFile(), "key"))
                .decrypt(rendered.deepCopy(), "apps/unit");

        assertThat(decrypted.has("sops")).isFalse();
        assertThat(decrypted.getAsJsonObject("metadata").get("name").getAsString()).isEqualTo("prod-db");
        assertThat(decrypted.getAsJsonObject("metadata").get("namespace").getAsString()).isEqualTo("prod");
        assertThat(decrypted.getAsJsonObject("data").get("password").getAsString())
                .isEqualTo("c2VjcmV0LXBhc3N3b3Jk");
        assertThat(decrypted.getAsJsonObject("stringData").get("url").getAsString())
                .isEqualTo("postgres://admin:s3cr3t-PLAINTEXT@db:5432/app");
    }

    @Test
    void theFilesMacNoLongerHoldsAfterTheBuild() {
        assertThatThrownBy(() -> new SopsDecryptor(AgeIdentities.parse(key.keyFile(), "key"))
                .decrypt(rendered.deepCopy(), "apps/unit"))
                .isInstanceOf(SopsException.class).hasMessageStartingWith("MAC mismatch in apps/unit");
    }

    @Test
    void decryptsWholeFilesASecretGeneratorPutInASecret() throws Exception {
        Path unit = Files.createDirectories(work.resolve("generator"));
        String config = "db:\n  user: admin\n  password: PLAINTEXT-generated\nport: 5432\nratio: 0.5\n";
        String settings = "{\"token\": \"PLAINTEXT-json\", \"retries\": 3, \"nested\": {\"on\": true}}";
        String certificate = "-----BEGIN CERTIFICATE-----\nMIIBPLAINTEXT\n-----END CERTIFICATE-----\n";
        Files.write(unit.resolve("config.yaml"), sops.encrypt("config.yaml", config, "--age", key.recipient()));
        Files.write(unit.resolve("settings.json"), sops.encrypt("settings.json", settings, "--age",
                key.recipient()));
        Files.write(unit.resolve("tls.crt"), sops.encrypt("tls.crt", certificate, "--age", key.recipient()));
        Files.writeString(unit.resolve("notes.txt"), "plain notes\n");
        Files.writeString(unit.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: prod
                secretGenerator:
                  - name: app
                    files: [config.yaml, settings.json, tls.crt, notes.txt]
                    options: {disableNameSuffixHash: true}
                """);
        JsonObject secret = SopsCli.parse("generator", sops.kustomizeBuild(unit));

        JsonObject data = SopsDecryptor.forRenderedObjects(AgeIdentities.parse(key.keyFile(), "key"))
                .decrypt(secret, "apps/generator").getAsJsonObject("data");

        assertThat(SopsCli.parse("c.yaml", ("apiVersion: v1\nkind: C\nmetadata: {name: c}\n"
                + decoded(data, "config.yaml")).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(SopsCli.parse("c.yaml", ("apiVersion: v1\nkind: C\nmetadata: {name: c}\n"
                        + config).getBytes(StandardCharsets.UTF_8)));
        assertThat(JsonParser.parseString(decoded(data, "settings.json")))
                .isEqualTo(JsonParser.parseString(settings));
        assertThat(decoded(data, "tls.crt")).isEqualTo(certificate);
        assertThat(decoded(data, "notes.txt")).isEqualTo("plain notes\n");
        assertThatThrownBy(() -> SopsDecryptor.forRenderedObjects(AgeIdentities.parse(sops.newKey().keyFile(),
                "key")).decrypt(secret, "apps/generator"))
                .isInstanceOf(SopsException.class)
                .hasMessageStartingWith("no identity matches any recipient of Secret data key config.yaml of "
                        + "apps/generator");
    }

    @Test
    void decryptsTheSecretASecretGeneratorMadeOfAnEncryptedEnvFile() throws Exception {
        Path unit = Files.createDirectories(work.resolve("envs"));
        String env = "TOKEN=PLAINTEXT-env-token\nPASSWORD=p@ss word=x\nEMPTY=\nMULTI=a\\nb\n";
        Files.write(unit.resolve("secrets.env"), sops.encrypt("secrets.env", env, "--age", key.recipient()));
        Files.writeString(unit.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                secretGenerator:
                  - name: app
                    envs: [secrets.env]
                    options: {disableNameSuffixHash: true}
                """);
        JsonObject secret = SopsCli.parse("envs", sops.kustomizeBuild(unit));

        JsonObject data = SopsDecryptor.forRenderedObjects(AgeIdentities.parse(key.keyFile(), "key"))
                .decrypt(secret, "apps/envs").getAsJsonObject("data");

        assertThat(data.keySet()).containsExactlyInAnyOrder("TOKEN", "PASSWORD", "EMPTY", "MULTI");
        assertThat(decoded(data, "TOKEN")).isEqualTo("PLAINTEXT-env-token");
        assertThat(decoded(data, "PASSWORD")).isEqualTo("p@ss word=x");
        assertThat(decoded(data, "EMPTY")).isEmpty();
        assertThat(decoded(data, "MULTI")).isEqualTo("a\\nb");
    }

    private static String decoded(JsonObject data, String key) {
        return new String(Base64.getDecoder().decode(data.get(key).getAsString()), StandardCharsets.UTF_8);
    }

    @Test
    void aValueMovedToAnotherKeyIsStillRefused() {
        JsonObject moved = rendered.deepCopy();
        JsonObject data = moved.getAsJsonObject("data");
        data.add("password2", data.remove("password"));

        assertThatThrownBy(() -> SopsDecryptor.forRenderedObjects(AgeIdentities.parse(key.keyFile(), "key"))
                .decrypt(moved, "apps/unit"))
                .isInstanceOf(SopsException.class)
                .hasMessageContaining("the value at data.password2 of apps/unit does not decrypt");
    }
}
