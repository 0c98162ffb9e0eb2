package io.shiplog.cluster.render.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
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
