package io.shiplog.gitwriter.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LockEditorTest {

    private static final String PLAIN = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web   # the site
              labels: {team: web}
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: ghcr.io/acme/web:1.0.0 # {"$shiplog": "semver:^1"}
            """;

    private static String lock(String yaml, int doc, String container, boolean lock) throws Exception {
        return new String(LockEditor.apply(yaml.getBytes(StandardCharsets.UTF_8), doc, container, lock),
                StandardCharsets.UTF_8);
    }

    @Test
    void lockingAWorkloadWithoutAnnotationsAddsThemAboveTheFirstMetadataKeyAndNothingElse() throws Exception {
        assertThat(lock(PLAIN, 0, null, true)).isEqualTo(PLAIN.replace("metadata:\n",
                "metadata:\n  annotations:\n    shiplog.io/locked: \"true\"\n"));
    }

    @Test
    void unlockingRemovesExactlyWhatLockingAdded() throws Exception {
        assertThat(lock(lock(PLAIN, 0, null, true), 0, null, false)).isEqualTo(PLAIN);
    }

    @Test
    void existingAnnotationsGetOneMoreLineIndentedLikeThemAndKeepTheirOwn() throws Exception {
        String yaml = "kind: Deployment\r\nmetadata:\r\n    name: web\r\n    annotations:\r\n"
                + "        keel.sh/policy: minor # keep\r\n";
        String locked = lock(yaml, 0, "app", true);
        assertThat(locked).isEqualTo("kind: Deployment\r\nmetadata:\r\n    name: web\r\n    annotations:\r\n"
                + "        shiplog.io/locked.app: \"true\"\r\n        keel.sh/policy: minor # keep\r\n");
        assertThat(lock(locked, 0, "app", false)).isEqualTo(yaml);
    }

    @Test
    void aFalseLockIsTurnedTrueInPlaceAndATrueOneIsLeftAlone() throws Exception {
        String yaml = "metadata:\n  name: web\n  annotations:\n    shiplog.io/locked: 'false'\n";
        assertThat(lock(yaml, 0, null, true)).isEqualTo(yaml.replace("'false'", "\"true\""));
        String already = yaml.replace("'false'", "\"true\"");
        assertThat(LockEditor.apply(already.getBytes(StandardCharsets.UTF_8), 0, null, true))
                .isEqualTo(already.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyTheNamedDocumentOfAMultiDocumentFileChanges() throws Exception {
        String yaml = PLAIN + "---\n" + PLAIN.replace("name: web", "name: api");
        assertThat(lock(yaml, 1, null, true)).isEqualTo(PLAIN + "---\n" + PLAIN.replace("name: web", "name: api")
                .replace("metadata:\n", "metadata:\n  annotations:\n    shiplog.io/locked: \"true\"\n"));
    }

    @Test
    void flowStyleAnnotationsAreRefusedWithTheLine() {
        String yaml = "metadata:\n  name: web\n  annotations: {a: b}\n";
        assertThatThrownBy(() -> lock(yaml, 0, null, true)).isInstanceOf(LockEditor.LockEditException.class)
                .hasMessageContaining("line 3").hasMessageContaining("flow style");
    }
}
