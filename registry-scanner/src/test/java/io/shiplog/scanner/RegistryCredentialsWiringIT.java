package io.shiplog.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.RegistryOptions;
import io.shiplog.scanner.config.ScannerProperties;
import io.shiplog.scanner.registry.RegistryReader;
import io.shiplog.schemas.image.ImageRepository;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The scanner's wiring of {@code shiplog.scanner.registries[].auth}: properties as Spring binds them, through
 * {@link ScannerConfiguration}, to a registry handler that logs in to the real testkit registry with a fetched
 * token (Google's token endpoint played on loopback, as documented), or refuses to start.
 */
@ExtendWith(OutputCaptureExtension.class)
class RegistryCredentialsWiringIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static ScannerProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("shiplog.scanner", ScannerProperties.class);
    }

    @Test
    void aRegistryWithGoogleAuthIsScannedWithTheTokenItsKeyFileGives(CapturedOutput output) throws Exception {
        String token = "ya29." + UUID.randomUUID().toString().replace("-", "");
        HttpServer tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokens.createContext("/token", exchange -> {
            byte[] body = ("{\"access_token\":\"" + token + "\",\"expires_in\":3599}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        tokens.start();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(
                generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Path key = Files.writeString(dir.resolve("key.json"), JSON.writeValueAsString(JSON.createObjectNode()
                .put("type", "service_account").put("client_email", "scanner@acme.iam.gserviceaccount.com")
                .put("private_key", pem)
                .put("token_uri", "http://127.0.0.1:" + tokens.getAddress().getPort() + "/token")));
        try (ContainerRegistry registry = ContainerRegistry.start(RegistryOptions.defaults().withoutReceiver()
                .withCredentials("oauth2accesstoken", token))) {
            registry.pusher().push("acme/app", "3.1.0");
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("shiplog.scanner.registries[0].host", registry.host());
            properties.put("shiplog.scanner.registries[0].auth.provider", "google");
            properties.put("shiplog.scanner.registries[0].auth.key-file", key.toString());

            ScannerConfiguration configuration = new ScannerConfiguration();
            ScannerProperties bound = bind(properties);
            RegistryReader reader = new RegistryReader(configuration.registryHandler(bound,
                    configuration.registryCredentials(bound), new SimpleMeterRegistry()));

            assertThat(reader.listTags(ImageRepository.parse(registry.host() + "/acme/app")).tags())
                    .containsExactly("3.1.0");
            assertThat(output.getAll()).contains("registry " + registry.host() + " gets its credentials from google")
                    .doesNotContain(token).doesNotContain("PRIVATE KEY");
        } finally {
            tokens.stop(0);
        }
    }

    @Test
    void aCredentialHelperThatIsNotOnThePathStopsTheStart() {
        Map<String, String> properties = Map.of(
                "shiplog.scanner.registries[0].host", "quay.io",
                "shiplog.scanner.registries[0].auth.provider", "helper",
                "shiplog.scanner.registries[0].auth.helper", "shiplog-absent-" + UUID.randomUUID().toString()
                        .substring(0, 8));

        assertThatThrownBy(() -> new ScannerConfiguration().registryCredentials(bind(properties)))
                .hasMessageContaining("docker-credential-shiplog-absent-")
                .hasMessageContaining("is not on the PATH");
    }
}
