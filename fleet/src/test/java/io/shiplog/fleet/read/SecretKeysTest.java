package io.shiplog.fleet.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretKeysTest {

    @Test
    void propertiesHoldingASecretMustBeReferences() {
        assertThat(SectionsReader.isSecretKey("sasl.jaas.config")).isTrue();
        assertThat(SectionsReader.isSecretKey("ssl.truststore.password")).isTrue();
        assertThat(SectionsReader.isSecretKey("basic.auth.user.info")).isTrue();
        assertThat(SectionsReader.isSecretKey("bearer.auth.token")).isTrue();
        assertThat(SectionsReader.isSecretKey("sasl.oauthbearer.client.credentials.client.secret")).isTrue();
    }

    @Test
    void propertiesSayingHowOrWhereASecretIsFoundMayBeWrittenInline() {
        assertThat(SectionsReader.isSecretKey("basic.auth.credentials.source")).isFalse();
        assertThat(SectionsReader.isSecretKey("bearer.auth.credentials.source")).isFalse();
        assertThat(SectionsReader.isSecretKey("sasl.oauthbearer.token.endpoint.url")).isFalse();
        assertThat(SectionsReader.isSecretKey("ssl.truststore.location")).isFalse();
        assertThat(SectionsReader.isSecretKey("security.protocol")).isFalse();
    }
}
