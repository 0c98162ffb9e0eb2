package io.shiplog.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS through the JDK: a trust store for the registry's certificate and a key store for a client certificate. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // keytool runs; a guard against a hang, not a speed check
class RegistryTlsTest {

    private static final String PASSWORD = "store-pw-1";
    private static final Schema SCHEMA = Schema.create(Schema.Type.STRING);

    @TempDir
    static Path dir;
    private static Path serverStore;
    private static Path clientStore;
    private static Path trustStore;

    @BeforeAll
    static void makeCertificates() throws Exception {
        serverStore = dir.resolve("server.p12");
        clientStore = dir.resolve("client.p12");
        trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", serverStore.toString(), "-storepass", PASSWORD);
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-dname", "CN=shiplog-client",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", clientStore.toString(), "-storepass", PASSWORD);
        for (String alias : List.of("server", "client")) {
            Path store = alias.equals("server") ? serverStore : clientStore;
            Path cert = dir.resolve(alias + ".crt");
            keytool("-exportcert", "-alias", alias, "-keystore", store.toString(), "-storepass", PASSWORD,
                    "-file", cert.toString());
            keytool("-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(), "-storetype", "PKCS12",
                    "-keystore", trustStore.toString(), "-storepass", PASSWORD);
        }
    }

    @Test
    void talksToAnHttpsRegistryTrustedThroughTheTrustStore() {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.https(serverContext(), false)) {
            HttpSchemaRegistryClient client = HttpSchemaRegistryClient.fromConfigs(configs(registry.url(),
                    RegistryTls.TRUSTSTORE_LOCATION, trustStore.toString(),
                    RegistryTls.TRUSTSTORE_PASSWORD, PASSWORD,
                    RegistryTls.TRUSTSTORE_TYPE, "PKCS12"));

            int id = client.register("s-value", SCHEMA);

            assertThat(client.schemaById(id)).isEqualTo(SCHEMA);
        }
    }

    @Test
    void presentsTheClientCertificateFromTheKeyStore() {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.https(serverContext(), true)) {
            Map<String, Object> configs = configs(registry.url(),
                    RegistryTls.TRUSTSTORE_LOCATION, trustStore.toString(),
                    RegistryTls.TRUSTSTORE_PASSWORD, PASSWORD,
                    RegistryTls.KEYSTORE_LOCATION, clientStore.toString(),
                    RegistryTls.KEYSTORE_PASSWORD, PASSWORD,
                    RegistryTls.KEYSTORE_TYPE, "PKCS12");

            assertThat(HttpSchemaRegistryClient.fromConfigs(configs).register("s-value", SCHEMA)).isPositive();
            configs.remove(RegistryTls.KEYSTORE_LOCATION);
            HttpSchemaRegistryClient anonymous = HttpSchemaRegistryClient.fromConfigs(configs);
            assertThatThrownBy(() -> anonymous.register("s-value", SCHEMA)).isInstanceOf(RegistryException.class)
                    .hasMessageContaining("schema registry " + registry.url());
            assertThat(registry.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void refusesARegistryWhoseCertificateIsNotTrusted() {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.https(serverContext(), false)) {
            HttpSchemaRegistryClient client = HttpSchemaRegistryClient.fromConfigs(configs(registry.url()));

            assertThatThrownBy(() -> client.register("s-value", SCHEMA)).isInstanceOf(RegistryException.class)
                    .hasMessageContaining("schema registry " + registry.url())
                    .hasMessageContaining("SSLHandshakeException");
            assertThat(registry.requestCount()).isZero();
        }
    }

    @Test
    void reportsAWrongStorePasswordNamingTheStoreButNotThePassword() {
        assertThatThrownBy(() -> RegistryConfig.from(configs("https://127.0.0.1:1",
                RegistryTls.TRUSTSTORE_LOCATION, trustStore.toString(),
                RegistryTls.TRUSTSTORE_PASSWORD, "not-the-pw", RegistryTls.TRUSTSTORE_TYPE, "PKCS12")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(RegistryTls.TRUSTSTORE_LOCATION)
                .hasMessageContaining(trustStore.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-pw"));
    }

    private static Map<String, Object> configs(String url, Object... keyValues) {
        Map<String, Object> configs = new HashMap<>();
        configs.put(RegistryConfig.URL, url);
        configs.put(RegistryConfig.MAX_RETRIES, 0);
        for (int i = 0; i < keyValues.length; i += 2) {
            configs.put((String) keyValues[i], keyValues[i + 1]);
        }
        return configs;
    }

    private static SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(serverStore), PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the fake registry's TLS context", e);
        }
    }

    private static KeyStore load(Path path) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool " + args[0] + " failed: "
                    + Files.readString(dir.resolve("keytool.log")));
        }
    }
}
