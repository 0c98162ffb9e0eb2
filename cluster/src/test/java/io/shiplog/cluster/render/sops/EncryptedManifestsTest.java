package io.shiplog.cluster.render.sops;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ManifestParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the real sops encrypted, loaded as the applier loads files with the SOPS decryptor: even with sops' defaults
 * (apiVersion, kind and name encrypted too) each object is found under its real key, from one file's documents.
 */
class EncryptedManifestsTest {

    @TempDir
    static Path work;
    static SopsCli sops;
    static SopsCli.Key key;

    private final List<Manifest> manifests = new ArrayList<>();
    private final List<LoadFailure> failures = new ArrayList<>();

    @BeforeAll
    static void keys() {
        sops = new SopsCli(work);
        key = sops.newKey();
    }

    private void load(String path, byte[] bytes, AgeIdentities identities) {
        ManifestParser.parse(path, bytes, new SopsDecryptor(identities)::decryptFile, manifests, failures);
    }

    @Test
    void loadsEveryObjectOfAFileSopsEncryptedWithItsDefaultsUnderItsRealKey() {
        byte[] encrypted = sops.encrypt("all.yaml", SopsDecryptorTest.SECRET + "---\n" + SopsDecryptorTest.CONFIG,
                "--age", key.recipient());

        load("apps/all.yaml", encrypted, AgeIdentities.parse(key.keyFile(), "key"));

        assertThat(failures).isEmpty();
        assertThat(manifests).extracting(m -> m.key().toString())
                .containsExactly("Secret apps/db", "ConfigMap apps/app-config");
        assertThat(manifests).extracting(Manifest::documentIndex).containsExactly(0, 1);
        assertThat(manifests).extracting(Manifest::body)
                .isEqualTo(SopsCli.parseAll("all.yaml", sops.decrypt("all.yaml", encrypted, key)));
    }

    @Test
    void aFileWithoutAMatchingKeyFailsAloneNamingItsRecipientsAndNoPlaintext() {
        byte[] encrypted = sops.encrypt("locked.yaml", SopsDecryptorTest.SECRET, "--age", key.recipient());
        SopsCli.Key other = sops.newKey();

        load("apps/locked.yaml", encrypted, AgeIdentities.parse(other.keyFile(), "key"));
        load("apps/plain.yaml", SopsDecryptorTest.CONFIG.getBytes(StandardCharsets.UTF_8),
                AgeIdentities.parse(other.keyFile(), "key"));

        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.sourcePath()).isEqualTo("apps/locked.yaml");
            assertThat(f.message()).isEqualTo("no identity matches any recipient of apps/locked.yaml: recipients "
                    + key.recipient() + "; Shiplog has keys for " + other.recipient());
        });
        assertThat(manifests).extracting(m -> m.key().toString()).containsExactly("ConfigMap apps/app-config");
    }
}
