package io.shiplog.scanner.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplog.scanner.registry.CredentialException;
import io.shiplog.scanner.registry.Credentials;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Azure Container Registry: a Microsoft Entra (AAD) access token for a service principal (client secret) or a
 * workload identity (the federated token file), exchanged at the registry's {@code POST /oauth2/exchange} for an ACR
 * refresh token. That refresh token is the credential (user {@code 00000000-0000-0000-0000-000000000000}, an
 * identity token): the registry's challenge then leads to {@code POST /oauth2/token} for each scope's access token.
 */
public final class AcrTokens extends RenewingSource {

    /** The user name ACR pairs with a refresh token. */
    public static final String USER = "00000000-0000-0000-0000-000000000000";
    static final URI DEFAULT_AUTHORITY = URI.create("https://login.microsoftonline.com/");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI registry;
    private final URI authority;
    private final String tenant;
    private final String clientId;
    private final String clientSecret;
    private final Path federatedTokenFile;
    private final TokenHttp http;

    AcrTokens(URI registry, URI authority, String tenant, String clientId, String clientSecret,
              Path federatedTokenFile, Duration timeout, Clock clock) {
        super(clock);
        this.registry = registry;
        this.authority = authority;
        this.tenant = tenant;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.federatedTokenFile = federatedTokenFile;
        this.http = new TokenHttp(timeout);
    }

    /**
     * For the registry at {@code registry} (its API base URL), as {@code clientId} of {@code tenant} with
     * {@code clientSecret}, or with {@code federatedTokenFile} (null: {@code AZURE_FEDERATED_TOKEN_FILE}) when there
     * is no secret; {@code authority} null for Microsoft's public cloud.
     */
    public static AcrTokens create(URI registry, URI authority, String tenant, String clientId, String clientSecret,
                                   Path federatedTokenFile, Duration timeout) {
        Path tokenFile = federatedTokenFile;
        if (clientSecret == null && tokenFile == null && System.getenv("AZURE_FEDERATED_TOKEN_FILE") != null) {
            tokenFile = Path.of(System.getenv("AZURE_FEDERATED_TOKEN_FILE"));
        }
        if (clientSecret == null && tokenFile == null) {
            throw new IllegalStateException("ACR registry " + registry.getHost() + " needs auth.client-secret or a "
                    + "federated token file (auth.federated-token-file or AZURE_FEDERATED_TOKEN_FILE)");
        }
        return new AcrTokens(registry, authority != null ? authority : DEFAULT_AUTHORITY, tenant, clientId,
                clientSecret, tokenFile, timeout, Clock.systemUTC());
    }

    @Override
    Issued fetch(String host) throws CredentialException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("scope", "https://management.azure.com/.default");
        if (clientSecret != null) {
            form.put("client_secret", clientSecret);
        } else {
            form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
            form.put("client_assertion", federatedToken(host));
        }
        URI tokenUri = authority.resolve("/" + tenant + "/oauth2/v2.0/token");
        JsonNode aad = http.postForm("the Entra ID token request for registry " + host, tokenUri, form);
        String aadToken = TokenHttp.required(aad, "access_token", "Entra ID for registry " + host);
        JsonNode exchanged = http.postForm("the ACR token exchange of registry " + host,
                registry.resolve("/oauth2/exchange"), Map.of(
                        "grant_type", "access_token",
                        "service", host,
                        "tenant", tenant,
                        "access_token", aadToken));
        String refresh = TokenHttp.required(exchanged, "refresh_token", "the ACR token exchange of registry "
                + host);
        return new Issued(new Credentials.Credential(USER, refresh, true), expiry(refresh));
    }

    private String federatedToken(String host) throws CredentialException {
        try {
            return Files.readString(federatedTokenFile).strip();
        } catch (IOException e) {
            throw new CredentialException("the federated token file " + federatedTokenFile + " for registry " + host
                    + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** The {@code exp} of the refresh token (a JWT); three hours, ACR's default, when it cannot be read. */
    private Instant expiry(String refreshToken) {
        String[] parts = refreshToken.split("\\.");
        if (parts.length == 3) {
            try {
                JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                        StandardCharsets.UTF_8));
                if (claims.path("exp").canConvertToLong()) {
                    return Instant.ofEpochSecond(claims.get("exp").asLong());
                }
            } catch (IOException | IllegalArgumentException e) {
                // not a JWT we can read: the default below
            }
        }
        return clock().instant().plus(Duration.ofHours(3));
    }

    @Override
    public String toString() {
        return "AcrTokens[" + registry.getHost() + ", tenant " + tenant + ", client " + clientId + ", "
                + (clientSecret != null ? "client secret ***" : "federated token file " + federatedTokenFile) + "]";
    }
}
