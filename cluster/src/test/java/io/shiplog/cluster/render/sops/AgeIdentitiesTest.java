package io.shiplog.cluster.render.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys as the real age-keygen writes them, in a key file or in a Secret's {@code .agekey} data. */
class AgeIdentitiesTest {

    @TempDir
    static Path work;
    static SopsCli.Key first;
    static SopsCli.Key second;

    @BeforeAll
    static void keys() {
        SopsCli sops = new SopsCli(work);
        first = sops.newKey();
        second = sops.newKey();
    }

    private static String secretKey(SopsCli.Key key) {
        return key.keyFile().lines().filter(l -> l.startsWith("AGE-SECRET-KEY-1")).findFirst().orElseThrow();
    }

    @Test
    void derivesTheRecipientAgeKeygenPrintsFromTheSecretKey() {
        assertThat(AgeIdentities.parse(first.keyFile(), "keys.txt").recipients()).containsExactly(first.recipient());
    }

    @Test
    void readsEveryKeyOfAFileWithCommentsAndBlankLines() {
        String file = first.keyFile() + "\n\n# the second key\n" + secretKey(second).toLowerCase() + "\n";
        assertThat(AgeIdentities.parse(file, "keys.txt").recipients())
                .containsExactly(first.recipient(), second.recipient());
    }

    @Test
    void refusesAKeyWithABadChecksumNamingTheLineButNotTheKey() {
        String key = secretKey(first);
        char last = key.charAt(key.length() - 1);
        String broken = key.substring(0, key.length() - 1) + (last == 'Q' ? 'P' : 'Q');
        assertThatThrownBy(() -> AgeIdentities.parse("# created\n" + broken + "\n", "/etc/shiplog/age.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/etc/shiplog/age.txt line 2 is not a valid age secret key: invalid checksum")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(broken.substring(16, 40)));
    }

    @Test
    void refusesAFileWithoutKeysAndPostQuantumKeys() {
        assertThatThrownBy(() -> AgeIdentities.parse("# nothing here\n", "keys.txt"))
                .hasMessage("keys.txt holds no age secret key (AGE-SECRET-KEY-1…)");
        assertThatThrownBy(() -> AgeIdentities.parse("AGE-SECRET-KEY-PQ-1QQQQ\n", "keys.txt"))
                .hasMessageStartingWith("keys.txt line 1 is a post-quantum age key");
        assertThatThrownBy(() -> AgeIdentities.parse("password123\n", "keys.txt"))
                .hasMessage("keys.txt line 1 is not an age secret key (AGE-SECRET-KEY-1…)");
    }

    @Test
    void readsTheKeysOfSecretDataKeysEndingInAgekey() {
        JsonObject data = new JsonObject();
        data.addProperty("identity.agekey", base64(first.keyFile()));
        data.addProperty("backup.agekey", base64(secretKey(second)));
        data.addProperty("README", base64("not a key"));
        assertThat(AgeIdentities.fromSecretData(data, "Secret flux-system/sops-age").recipients())
                .containsExactlyInAnyOrder(first.recipient(), second.recipient());
    }

    @Test
    void refusesASecretWithoutAgekeyData() {
        JsonObject data = new JsonObject();
        data.addProperty("key.txt", base64(first.keyFile()));
        assertThatThrownBy(() -> AgeIdentities.fromSecretData(data, "Secret flux-system/sops-age"))
                .hasMessage("Secret flux-system/sops-age has no data key ending in .agekey holding an age secret key");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
