package io.shiplog.scanner.registry.auth;

import io.shiplog.scanner.registry.CredentialException;
import io.shiplog.scanner.registry.Credentials;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/**
 * Amazon ECR: a registry password from {@code GetAuthorizationToken}, signed with the AWS SDK's default credential
 * chain (system properties, environment, web identity as on EKS with IRSA, profiles, container and instance
 * roles). The token holds 12 hours and is renewed half an hour before.
 */
public final class EcrTokens extends RenewingSource implements AutoCloseable {

    private static final Pattern HOST = Pattern.compile(
            "\\d{12}\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

    private final EcrClient client;
    private final DefaultCredentialsProvider chain;

    EcrTokens(EcrClient client, DefaultCredentialsProvider chain, Clock clock) {
        super(clock);
        this.client = client;
        this.chain = chain;
    }

    /**
     * For registry {@code host}, in {@code region} (null: read from an ECR host name), at {@code endpoint} (null:
     * the region's ECR API).
     */
    public static EcrTokens create(String host, String region, URI endpoint, Duration timeout) {
        String resolved = region != null ? region : regionOf(host).orElseThrow(() -> new IllegalStateException(
                "registry " + host + " is not an ECR host name (<account>.dkr.ecr.<region>.amazonaws.com): give "
                        + "auth.region"));
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        var builder = EcrClient.builder().region(Region.of(resolved)).credentialsProvider(chain)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return new EcrTokens(builder.build(), chain, Clock.systemUTC());
    }

    /** {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com} → {@code eu-west-1}. */
    public static Optional<String> regionOf(String host) {
        Matcher m = HOST.matcher(host.toLowerCase(java.util.Locale.ROOT));
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    @Override
    Issued fetch(String host) throws CredentialException {
        GetAuthorizationTokenResponse response;
        try {
            response = client.getAuthorizationToken(b -> { });
        } catch (SdkException e) {
            throw new CredentialException("ECR GetAuthorizationToken for registry " + host + " failed: "
                    + e.getMessage());
        }
        if (!response.hasAuthorizationData() || response.authorizationData().isEmpty()) {
            throw new CredentialException("ECR GetAuthorizationToken for registry " + host
                    + " answered without authorizationData");
        }
        AuthorizationData data = response.authorizationData().get(0);
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(String.valueOf(data.authorizationToken())),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CredentialException("ECR GetAuthorizationToken for registry " + host
                    + " answered with an authorizationToken that is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new CredentialException("ECR GetAuthorizationToken for registry " + host
                    + " answered with an authorizationToken that is not user:password");
        }
        Instant expires = data.expiresAt() != null ? data.expiresAt() : clock().instant().plus(Duration.ofHours(12));
        return new Issued(new Credentials.Credential(decoded.substring(0, colon), decoded.substring(colon + 1)),
                expires);
    }

    @Override
    public void close() {
        client.close();
        chain.close();
    }

    @Override
    public String toString() {
        return "EcrTokens[" + client.serviceClientConfiguration().region() + "]";
    }
}
