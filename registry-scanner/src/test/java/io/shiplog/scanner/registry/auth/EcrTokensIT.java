package io.shiplog.scanner.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.RegistryOptions;
import io.shiplog.scanner.registry.CredentialException;
import io.shiplog.scanner.registry.Credentials;
import io.shiplog.scanner.registry.HostSettings;
import io.shiplog.scanner.registry.RegistryHandler;
import io.shiplog.scanner.registry.RegistryReader;
import io.shiplog.schemas.image.ImageRepository;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * ECR's {@code GetAuthorizationToken} through the AWS SDK and its default credential chain, against a loopback
 * server speaking the documented exchange (JSON 1.1, target {@code AmazonEC2ContainerRegistry_V20150921.
 * GetAuthorizationToken}; STS {@code AssumeRoleWithWebIdentity} for web identity): no AWS endpoint is reachable
 * here. The password it hands out opens the real testkit registry, whose user is {@code AWS} as on ECR.
 */
@ExtendWith(OutputCaptureExtension.class)
class EcrTokensIT {

    private static final List<String> PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey",
            "aws.sessionToken", "aws.webIdentityTokenFile", "aws.roleArn", "aws.roleSessionName", "aws.region",
            "aws.endpointUrlSts");

    @TempDir
    Path dir;

    private final Map<String, String> saved = new HashMap<>();
    private final List<Map<String, String>> ecrCalls = new CopyOnWriteArrayList<>();
    private final List<String> stsCalls = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private HttpServer stsServer;
    private ContainerRegistry registry;
    private String password;

    @BeforeEach
    void start() throws IOException {
        PROPERTIES.forEach(p -> saved.put(p, System.getProperty(p)));
        PROPERTIES.forEach(System::clearProperty);
        password = "ecr-password-" + UUID.randomUUID();
        registry = ContainerRegistry.start(RegistryOptions.defaults().withoutReceiver()
                .withCredentials("AWS", password.substring(0, 40)));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::ecr);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        stsServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stsServer.createContext("/", this::sts);
        stsServer.setExecutor(Executors.newCachedThreadPool());
        stsServer.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        stsServer.stop(0);
        registry.close();
        saved.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void ecr(HttpExchange exchange) throws IOException {
        ecrCalls.add(Map.of("target", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")),
                "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                "securityToken", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token")),
                "contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))));
        String token = Base64.getEncoder().encodeToString(("AWS:" + password.substring(0, 40))
                .getBytes(StandardCharsets.UTF_8));
        long expires = Instant.now().plus(Duration.ofHours(12)).getEpochSecond();
        answer(exchange, "application/x-amz-json-1.1", "{\"authorizationData\":[{\"authorizationToken\":\"" + token
                + "\",\"expiresAt\":" + expires + ".0,\"proxyEndpoint\":\"https://123456789012.dkr.ecr.eu-west-1"
                + ".amazonaws.com\"}]}");
    }

    /** STS {@code AssumeRoleWithWebIdentity} (query protocol, XML answer). */
    private void sts(HttpExchange exchange) throws IOException {
        stsCalls.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        answer(exchange, "text/xml", """
                <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithWebIdentityResult>
                    <Credentials>
                      <AccessKeyId>ASIAWEBIDENTITY0001</AccessKeyId>
                      <SecretAccessKey>web-identity-secret-key</SecretAccessKey>
                      <SessionToken>web-identity-session-token</SessionToken>
                      <Expiration>%s</Expiration>
                    </Credentials>
                    <SubjectFromWebIdentityToken>system:serviceaccount:shiplog:scanner</SubjectFromWebIdentityToken>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::123456789012:assumed-role/shiplog-scanner/shiplog</Arn>
                      <AssumedRoleId>AROAEXAMPLE:shiplog</AssumedRoleId>
                    </AssumedRoleUser>
                  </AssumeRoleWithWebIdentityResult>
                  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
                </AssumeRoleWithWebIdentityResponse>
                """.formatted(Instant.now().plus(Duration.ofHours(1)).toString()));
    }

    private static void answer(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private RegistryReader reader(EcrTokens tokens) {
        Credentials credentials = new Credentials();
        credentials.putSource(registry.host(), tokens);
        return new RegistryReader(new RegistryHandler(HttpClient.newHttpClient(), Duration.ofSeconds(10), credentials,
                HostSettings::defaults, new SimpleMeterRegistry()));
    }

    @Test
    void signsGetAuthorizationTokenWithTheChainsKeysAndOpensTheRegistryWithIt(CapturedOutput output)
            throws Exception {
        System.setProperty("aws.accessKeyId", "AKIASTATICKEY0001");
        System.setProperty("aws.secretAccessKey", "static-secret-access-key");
        registry.pusher().push("team/app", "1.0.0");

        try (EcrTokens tokens = EcrTokens.create(registry.host(), "eu-west-1", endpoint(), Duration.ofSeconds(10))) {
            RegistryReader reader = reader(tokens);
            assertThat(reader.listTags(ImageRepository.parse(registry.host() + "/team/app")).tags())
                    .containsExactly("1.0.0");
            assertThat(reader.listTags(ImageRepository.parse(registry.host() + "/team/app")).tags()).hasSize(1);
        }

        assertThat(ecrCalls).hasSize(1);
        assertThat(ecrCalls.get(0)).containsEntry("target",
                "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken")
                .containsEntry("contentType", "application/x-amz-json-1.1");
        assertThat(ecrCalls.get(0).get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIASTATICKEY0001/")
                .contains("/eu-west-1/ecr/aws4_request");
        assertThat(output.getAll()).doesNotContain(password.substring(0, 40)).doesNotContain("static-secret");
    }

    @Test
    void takesCredentialsFromAWebIdentityTokenAsOnEks() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "eyJ.projected-service-account-token.sig");
        System.setProperty("aws.webIdentityTokenFile", token.toString());
        System.setProperty("aws.roleArn", "arn:aws:iam::123456789012:role/shiplog-scanner");
        System.setProperty("aws.roleSessionName", "shiplog");
        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:" + stsServer.getAddress().getPort());

        try (EcrTokens tokens = EcrTokens.create(registry.host(), "eu-west-1", endpoint(), Duration.ofSeconds(10))) {
            assertThat(tokens.credential(registry.host())).hasValueSatisfying(c ->
                    assertThat(c.username()).isEqualTo("AWS"));
        }

        assertThat(stsCalls).hasSize(1);
        assertThat(stsCalls.get(0)).contains("Action=AssumeRoleWithWebIdentity")
                .contains("WebIdentityToken=eyJ.projected-service-account-token.sig");
        assertThat(ecrCalls.get(0).get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=ASIAWEBIDENTITY0001/");
        assertThat(ecrCalls.get(0)).containsEntry("securityToken", "web-identity-session-token");
    }

    @Test
    void aRefusedCallIsAClearErrorNamingTheRegistry() {
        System.setProperty("aws.accessKeyId", "AKIASTATICKEY0001");
        System.setProperty("aws.secretAccessKey", "static-secret-access-key");
        server.removeContext("/");
        server.createContext("/", exchange -> {
            byte[] body = ("{\"__type\":\"UnrecognizedClientException\",\"message\":\"The security token included "
                    + "in the request is invalid.\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(400, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });

        try (EcrTokens tokens = EcrTokens.create(registry.host(), "eu-west-1", endpoint(), Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> tokens.credential(registry.host())).isInstanceOf(CredentialException.class)
                    .hasMessageContaining("ECR GetAuthorizationToken for registry " + registry.host())
                    .hasMessageContaining("security token included in the request is invalid")
                    .hasMessageNotContaining("static-secret-access-key");
        }
    }

    @Test
    void readsTheRegionFromAnEcrHostName() {
        assertThat(EcrTokens.regionOf("123456789012.dkr.ecr.eu-west-1.amazonaws.com")).contains("eu-west-1");
        assertThat(EcrTokens.regionOf("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn")).contains("cn-north-1");
        assertThat(EcrTokens.regionOf("ghcr.io")).isEmpty();
    }
}
