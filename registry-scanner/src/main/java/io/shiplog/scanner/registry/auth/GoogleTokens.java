package io.shiplog.scanner.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shiplog.scanner.registry.CredentialException;
import io.shiplog.scanner.registry.Credentials;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Google Artifact Registry and GCR: an OAuth2 access token used as the password of user {@code oauth2accesstoken},
 * from application-default credentials: a key file (configured, else {@code GOOGLE_APPLICATION_CREDENTIALS}, else
 * gcloud's {@code application_default_credentials.json}) holding a service account (a signed JWT exchanged by the
 * JWT bearer grant at the file's {@code token_uri}) or a user (a refresh-token grant); without one, the metadata
 * server of the VM or GKE node.
 */
public final class GoogleTokens extends RenewingSource {

    /** The user name Google's registries expect with an access token. */
    public static final String USER = "oauth2accesstoken";
    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    static final URI DEFAULT_TOKEN_URI = URI.create("https://oauth2.googleapis.com/token");
    static final URI DEFAULT_METADATA = URI.create("http://metadata.google.internal");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path keyFile;
    private final URI metadata;
    private final TokenHttp http;

    GoogleTokens(Path keyFile, URI metadata, Duration timeout, Clock clock) {
        super(clock);
        this.keyFile = keyFile;
        this.metadata = metadata;
        this.http = new TokenHttp(timeout);
    }

    /**
     * Application-default credentials: {@code keyFile} when given, else the environment's; {@code metadata} is the
     * metadata server's base URL (null: {@code GCE_METADATA_HOST} or {@code metadata.google.internal}).
     */
    public static GoogleTokens create(Path keyFile, URI metadata, Duration timeout) {
        return new GoogleTokens(keyFile != null ? keyFile : defaultKeyFile(), metadata != null ? metadata
                : defaultMetadata(), timeout, Clock.systemUTC());
    }

    private static Path defaultKeyFile() {
        String env = System.getenv("GOOGLE_APPLICATION_CREDENTIALS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path gcloud = Path.of(System.getProperty("user.home"), ".config", "gcloud",
                "application_default_credentials.json");
        return Files.isReadable(gcloud) ? gcloud : null;
    }

    private static URI defaultMetadata() {
        String env = System.getenv("GCE_METADATA_HOST");
        return env != null && !env.isBlank() ? URI.create("http://" + env) : DEFAULT_METADATA;
    }

    @Override
    Issued fetch(String host) throws CredentialException {
        Instant now = clock().instant();
        JsonNode answer;
        if (keyFile == null) {
            answer = http.get("the metadata server's token for registry " + host,
                    metadata.resolve("/computeMetadata/v1/instance/service-accounts/default/token"),
                    Map.of("Metadata-Flavor", "Google"));
        } else {
            JsonNode key = readKey(host);
            String type = key.path("type").asText("");
            if (type.equals("service_account")) {
                URI tokenUri = URI.create(key.path("token_uri").asText(DEFAULT_TOKEN_URI.toString()));
                answer = http.postForm("the Google token exchange for registry " + host, tokenUri, Map.of(
                        "grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                        "assertion", assertion(key, tokenUri, now, host)));
            } else if (type.equals("authorized_user")) {
                answer = http.postForm("the Google token refresh for registry " + host, URI.create(
                        key.path("token_uri").asText(DEFAULT_TOKEN_URI.toString())), Map.of(
                        "grant_type", "refresh_token",
                        "client_id", TokenHttp.required(key, "client_id", "key file " + keyFile),
                        "client_secret", TokenHttp.required(key, "client_secret", "key file " + keyFile),
                        "refresh_token", TokenHttp.required(key, "refresh_token", "key file " + keyFile)));
            } else {
                throw new CredentialException("Google key file " + keyFile + " for registry " + host
                        + " has type '" + type + "'; service_account and authorized_user are supported");
            }
        }
        String token = TokenHttp.required(answer, "access_token", "the Google token service for registry " + host);
        long seconds = answer.path("expires_in").asLong(3600);
        return new Issued(new Credentials.Credential(USER, token), now.plusSeconds(seconds));
    }

    private JsonNode readKey(String host) throws CredentialException {
        try {
            return JSON.readTree(Files.readAllBytes(keyFile));
        } catch (IOException e) {
            throw new CredentialException("Google key file " + keyFile + " for registry " + host
                    + " cannot be read as JSON: " + e.getClass().getSimpleName());
        }
    }

    /** The JWT of the bearer grant: RS256 by the service account's key, for {@code scope}, one hour. */
    private String assertion(JsonNode key, URI tokenUri, Instant now, String host) throws CredentialException {
        String email = TokenHttp.required(key, "client_email", "key file " + keyFile);
        String pem = TokenHttp.required(key, "private_key", "key file " + keyFile);
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        if (key.hasNonNull("private_key_id")) {
            header.put("kid", key.get("private_key_id").asText());
        }
        ObjectNode claims = JSON.createObjectNode().put("iss", email).put("scope", SCOPE)
                .put("aud", tokenUri.toString()).put("iat", now.getEpochSecond())
                .put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        try {
            String input = url.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + url.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey(pem));
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + url.encodeToString(rsa.sign());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new CredentialException("the private_key of Google key file " + keyFile + " for registry " + host
                    + " is not a PKCS#8 RSA key: " + e.getClass().getSimpleName());
        }
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getDecoder().decode(base64)));
    }

    @Override
    public String toString() {
        return "GoogleTokens[" + (keyFile != null ? "key file " + keyFile : "metadata server " + metadata) + "]";
    }
}
