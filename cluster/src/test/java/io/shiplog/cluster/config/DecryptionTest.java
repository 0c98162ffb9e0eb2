package io.shiplog.cluster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class DecryptionTest {

    @TempDir
    Path dir;

    @Test
    void reportsAnUnreadableKeyFileAndASecretThatIsNotNamespaceSlashName() {
        List<String> problems = new ArrayList<>();
        new Decryption(dir.resolve("missing.txt"), "sops-age").check("clusters[0].decryption", problems);
        assertThat(problems).containsExactly(
                "clusters[0].decryption.key-file " + dir.resolve("missing.txt") + " is not a readable file",
                "clusters[0].decryption.secret 'sops-age' is not namespace/name of a Secret");
    }

    @Test
    void acceptsAReadableKeyFileAndASecretReference() throws Exception {
        Path keys = Files.writeString(dir.resolve("age.txt"), "# keys\n");
        Decryption decryption = new Decryption(keys, "flux-system/sops-age");
        List<String> problems = new ArrayList<>();
        decryption.check("at", problems);
        assertThat(problems).isEmpty();
        assertThat(decryption.secretRef()).contains(new Decryption.SecretRef("flux-system", "sops-age"));
        assertThat(Decryption.NONE.isNone()).isTrue();
    }

    @Test
    void bindsThePropertiesTheFleetFileGivesTheServices() {
        Decryption decryption = new Binder(new MapConfigurationPropertySource(Map.of(
                "c.decryption.key-file", "/etc/shiplog/sops/age.txt", "c.decryption.secret", "flux-system/sops-age")))
                .bind("c.decryption", Decryption.class).get();
        assertThat(decryption).isEqualTo(new Decryption(Path.of("/etc/shiplog/sops/age.txt"), "flux-system/sops-age"));
    }
}
