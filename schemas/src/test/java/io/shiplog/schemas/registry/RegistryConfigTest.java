package io.shiplog.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void readsACommaListOfUrlsWithDefaults() {
        RegistryConfig config = RegistryConfig.from(Map.of(RegistryConfig.URL,
                " http://a:8081/ ,https://b.example:8443/registry"));

        assertThat(config.endpoints()).extracting(RegistryEndpoint::toString)
                .containsExactly("http://a:8081/", "https://b.example:8443/registry");
        assertThat(config.endpoints().get(1).resolve("/schemas/ids/3").toString())
                .isEqualTo("https://b.example:8443/registry/schemas/ids/3");
        assertThat(config.endpoints().get(0).resolve("/config").toString()).isEqualTo("http://a:8081/config");
        assertThat(config.connectTimeout()).isEqualTo(RegistryConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(config.requestTimeout()).isEqualTo(RegistryConfig.DEFAULT_REQUEST_TIMEOUT);
        assertThat(config.endpoints().get(0).auth().authorizationHeader()).isEmpty();
        assertThat(config.sslContext()).isEmpty();
    }

    @Test
    void acceptsUrlsAsAListAndNumbersAsStrings() {
        RegistryConfig config = RegistryConfig.from(Map.of(RegistryConfig.URL, List.of("http://a:1", "http://b:2"),
                RegistryConfig.CONNECT_TIMEOUT_MS, "250", RegistryConfig.READ_TIMEOUT_MS, 750,
                RegistryConfig.LATEST_CACHE_TTL_SEC, "-1", RegistryConfig.MAX_SCHEMAS_PER_SUBJECT, 5));

        assertThat(config.endpoints()).hasSize(2);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.latestCacheTtl()).isNegative();
        assertThat(config.cacheCapacity()).isEqualTo(5);
    }

    @Test
    void requiresTheRegistryUrl() {
        assertThatThrownBy(() -> RegistryConfig.from(Map.of("auto.register.schemas", true)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url is required");
    }

    @Test
    void rejectsAUrlThatIsNotHttpWithoutShowingItsPassword() {
        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "ftp://bob:hunter2@host:21")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ftp://***@host:21")
                .hasMessageContaining("must be an http:// or https:// URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void rejectsABadNumberNamingTheKey() {
        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "http://a:1",
                RegistryConfig.READ_TIMEOUT_MS, "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.read.timeout.ms")
                .hasMessageContaining("must be a whole number");
        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "http://a:1",
                RegistryConfig.READ_TIMEOUT_MS, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be at least 1");
    }

    @Test
    void takesUserInfoFromConfigIncludingKafkaPasswordValues() {
        RegistryConfig config = RegistryConfig.from(Map.of(RegistryConfig.URL, "http://a:1",
                RegistryConfig.BASIC_AUTH_SOURCE, "USER_INFO",
                RegistryConfig.USER_INFO, new Password("alice:pa:ss")));

        assertThat(config.endpoints().get(0).auth().authorizationHeader()).contains("Basic "
                + java.util.Base64.getEncoder().encodeToString("alice:pa:ss".getBytes()));
        assertThat(config.toString()).doesNotContain("pa:ss").contains("basic auth");
    }

    @Test
    void takesUserInfoFromTheUrlAndMasksIt() {
        RegistryConfig config = RegistryConfig.from(Map.of(RegistryConfig.URL, "http://alice:s%40cret@a:1"));

        assertThat(config.endpoints().get(0).auth().authorizationHeader()).contains("Basic "
                + java.util.Base64.getEncoder().encodeToString("alice:s@cret".getBytes()));
        assertThat(config.describe()).isEqualTo("http://a:1");
        assertThat(config.toString()).doesNotContain("cret");
    }

    @Test
    void requiresUserInfoWhenTheSourceIsUserInfo() {
        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "http://a:1",
                RegistryConfig.BASIC_AUTH_SOURCE, "USER_INFO")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info must be set");
    }

    @Test
    void rejectsMalformedUserInfoWithoutEchoingIt() {
        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "http://a:1",
                RegistryConfig.USER_INFO, "justapassword")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("user:password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("justapassword"));
    }

    @Test
    void rejectsBasicAuthTogetherWithABearerToken() {
        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "http://a:1",
                RegistryConfig.USER_INFO, "alice:pw", RegistryConfig.BEARER_TOKEN, "tok-XYZ987")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("use one")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("XYZ987").doesNotContain("alice:pw"));
        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "http://u:p@a:1",
                RegistryConfig.BEARER_TOKEN, "tok")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http://***@a:1 carries user info");
    }

    @Test
    void rejectsUnsupportedCredentialSources() {
        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "http://a:1",
                RegistryConfig.BASIC_AUTH_SOURCE, "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.credentials.source");
        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "http://a:1",
                RegistryConfig.BEARER_AUTH_SOURCE, "OAUTHBEARER")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only STATIC_TOKEN");
    }

    @Test
    void failsOnAMissingTrustStoreNamingTheFileButNotThePassword() {
        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "https://a:1",
                RegistryTls.TRUSTSTORE_LOCATION, "/nonexistent/trust.p12",
                RegistryTls.TRUSTSTORE_PASSWORD, "trustpw")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location")
                .hasMessageContaining("/nonexistent/trust.p12")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("trustpw"));
    }

    @Test
    void masksUserInfoInAnyText() {
        assertThat(RegistryUrls.mask("a http://u:p@h:1/x and https://v@h2")).isEqualTo("a http://***@h:1/x and "
                + "https://***@h2");
        assertThat(RegistryUrls.mask("http://h:1/a@b")).isEqualTo("http://h:1/a@b");
    }
}
