package io.shiplog.scanner.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.shiplog.schemas.image.ImageRepository;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Bearer tokens of registries that answer with a {@code Bearer realm,service,scope} challenge (distribution's token
 * authentication): fetched from the realm with Basic credentials, anonymously, or as an OAuth2 refresh-token grant
 * for an identity token; read from {@code token} or {@code access_token}; kept per host and scope for their
 * {@code expires_in} (60 s when unsaid) less five seconds.
 */
final class BearerTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tokens kept at most (one per registry host and repository scope). */
    private static final int MAX_TOKENS = 10_000;

    /** A token and how long it may be used from when it was received (a little less than the server said). */
    private record Token(String value, Duration lifetime) {
    }

    private final HttpClient http;
    private final Duration timeout;
    private final BiConsumer<RequestKind, String> count;
    private final Cache<String, Token> tokens;

    BearerTokens(HttpClient http, Duration timeout, Ticker ticker, BiConsumer<RequestKind, String> count) {
        this.http = http;
        this.timeout = timeout;
        this.count = count;
        this.tokens = Caffeine.newBuilder().maximumSize(MAX_TOKENS).ticker(ticker)
                .expireAfter(Expiry.creating((String key, Token token) -> token.lifetime())).build();
    }

    /** The kept token of {@code host} for {@code scope}, if it has not expired. */
    Optional<String> cached(String host, String scope) {
        return Optional.ofNullable(tokens.getIfPresent(host + " " + scope)).map(Token::value);
    }

    /** Fetches the token of {@code scope} at the challenge's realm and keeps it; refusals name the image, no secret. */
    void fetch(ImageRepository image, BearerChallenge challenge, Optional<Credentials.Credential> credential,
               String scope)
            throws RegistryException, InterruptedException {
        String realm = challenge.parameters().get("realm");
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
        if (challenge.parameters().containsKey("service")) {
            url.append("service=").append(URLEncoder.encode(challenge.parameters().get("service"),
                    StandardCharsets.UTF_8)).append('&');
        }
        url.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        HttpRequest.Builder request;
        try {
            request = tokenRequest(challenge, credential, scope, url.toString());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry()
                    + " named an invalid token realm");
        }
        count.accept(RequestKind.TOKEN, image.apiHost());
        HttpResponse<byte[]> response;
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofByteArray());
        try {
            // a total deadline: the request timeout covers the headers only, not a body the server trickles
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new RegistryException(RegistryException.Reason.TIMEOUT, "the token service of registry "
                    + image.registry() + " did not answer for " + image + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw RegistryHandler.ioFailure(e.getCause() instanceof IOException io ? io
                    : new IOException(e.getCause()), image);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new RegistryException(RegistryException.Reason.UNAUTHORIZED, "the token service of registry "
                    + image.registry() + " refused " + credential.map(c -> "the credentials of user " + c.username())
                    .orElse("anonymous access") + " for " + image + " (HTTP " + response.statusCode() + ")");
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String token = body.hasNonNull("token") ? body.get("token").asText() : body.path("access_token").asText("");
            if (response.statusCode() != 200 || token.isEmpty()) {
                throw new IOException("HTTP " + response.statusCode());
            }
            long seconds = Math.max(10, body.path("expires_in").asLong(60));
            tokens.put(image.apiHost() + " " + scope, new Token(token, Duration.ofSeconds(seconds - 5)));
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "the token service of registry "
                    + image.registry() + " gave no usable token for " + image + ": " + e.getMessage());
        }
    }

    /**
     * GET with Basic credentials (or none) as distribution's token specification has it; an identity token
     * (refresh token: ACR, {@code identitytoken} of a docker config) is POSTed as an OAuth2 refresh-token grant.
     */
    private HttpRequest.Builder tokenRequest(BearerChallenge challenge, Optional<Credentials.Credential> credential,
                                             String scope, String getUrl) {
        if (credential.isPresent() && credential.get().identityToken()) {
            StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=shiplog");
            String service = challenge.parameters().get("service");
            if (service != null) {
                form.append("&service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
            }
            form.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8))
                    .append("&refresh_token=").append(URLEncoder.encode(credential.get().password(),
                            StandardCharsets.UTF_8));
            return HttpRequest.newBuilder(URI.create(challenge.parameters().get("realm"))).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(getUrl)).timeout(timeout).GET();
        credential.ifPresent(c -> request.header("Authorization", c.basicHeader()));
        return request;
    }
}
