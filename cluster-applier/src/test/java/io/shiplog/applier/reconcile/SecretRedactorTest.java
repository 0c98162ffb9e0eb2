package io.shiplog.applier.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ObjectKey;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    private static Manifest manifest(String kind, String body) {
        return new Manifest(new ObjectKey("", kind, "ns", "s"), "v1", JsonParser.parseString(body).getAsJsonObject(),
                "s.yaml", 0);
    }

    @Test
    void masksDataValuesEncodedAndDecoded() {
        Manifest secret = manifest("Secret", "{\"data\": {\"password\": \"aHVudGVyMi1zZWNyZXQ=\"}}");
        String redacted = SecretRedactor.redact("bad value aHVudGVyMi1zZWNyZXQ= (hunter2-secret)", secret);
        assertThat(redacted).doesNotContain("aHVudGVyMi1zZWNyZXQ=").doesNotContain("hunter2-secret");
    }

    @Test
    void masksStringDataAndWhatTheServerQuotesAsInvalid() {
        Manifest secret = manifest("Secret", "{\"stringData\": {\"token\": \"tok-123456\"}, \"data\": {\"n\": 42}}");
        assertThat(SecretRedactor.redact("x: Invalid value: \"tok-123456\": bad", secret))
                .isEqualTo("x: Invalid value: ***: bad");
        assertThat(SecretRedactor.redact(".data.n: expected string, got &value.valueUnstructured{Value:42}", secret))
                .doesNotContain("42");
    }

    @Test
    void leavesMessagesOfOtherKindsAlone() {
        Manifest configMap = manifest("ConfigMap", "{\"data\": {\"k\": \"visible-value\"}}");
        assertThat(SecretRedactor.redact("visible-value", configMap)).isEqualTo("visible-value");
    }
}
