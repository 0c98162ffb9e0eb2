package io.shiplog.cluster.render.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.cluster.config.Decryption;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubeResponse;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.local.kube.KubeCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The age keys live in a Secret of the target cluster (Flux convention: data keys ending in .agekey): read from a
 * real kube-apiserver, they decrypt what the real sops encrypted for them.
 */
class AgeKeysFromSecretIT {

    private static final KubeResource SECRETS = new KubeResource("", "v1", "Secret", "secrets", true);

    private final KubernetesHandler kube = new KubernetesHandler("sops-keys", KubeCluster.shared().apiClient(),
            new SimpleMeterRegistry());

    @TempDir
    Path work;

    @Test
    void decryptsWithTheKeysOfASecretInTheTargetCluster() throws Exception {
        SopsCli sops = new SopsCli(work);
        SopsCli.Key key = sops.newKey();
        String name = "sops-age-" + Long.toHexString(System.nanoTime());
        JsonObject secret = new JsonObject();
        secret.addProperty("apiVersion", "v1");
        secret.addProperty("kind", "Secret");
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", name);
        metadata.addProperty("namespace", "default");
        secret.add("metadata", metadata);
        JsonObject stringData = new JsonObject();
        stringData.addProperty("identity.agekey", key.keyFile());
        stringData.addProperty("notes.txt", "not a key");
        secret.add("stringData", stringData);
        KubeResponse applied = kube.apply(SECRETS, "default", name, secret, false);
        assertThat(applied.isSuccess()).as(applied.toString()).isTrue();

        AgeIdentities identities = AgeIdentities.fromSecret(kube, "default", name);

        assertThat(identities.recipients()).containsExactly(key.recipient());
        byte[] encrypted = sops.encrypt("secret.yaml", SopsDecryptorTest.SECRET, "--age", key.recipient(),
                "--encrypted-regex", "^(data|stringData)$");
        JsonObject decrypted = new SopsDecryptor(identities).decrypt(SopsCli.parse("secret.yaml", encrypted),
                "apps/secret.yaml");
        assertThat(decrypted).isEqualTo(SopsCli.parse("secret.yaml", sops.decrypt("secret.yaml", encrypted, key)));

        SopsCli.Key fileKey = sops.newKey();
        Path keyFile = work.resolve("age.txt");
        Files.writeString(keyFile, fileKey.keyFile());
        assertThat(AgeIdentities.of(new Decryption(keyFile, "default/" + name), kube).recipients())
                .containsExactly(fileKey.recipient(), key.recipient());
        assertThat(kube.delete(SECRETS, "default", name).isSuccess()).isTrue();
    }

    @Test
    void namesTheSecretAndClusterWhenTheSecretIsMissing() {
        assertThatThrownBy(() -> AgeIdentities.fromSecret(kube, "default", "no-such-keys"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read the age keys from Secret default/no-such-keys in cluster sops-keys: "
                        + "not found");
    }
}
