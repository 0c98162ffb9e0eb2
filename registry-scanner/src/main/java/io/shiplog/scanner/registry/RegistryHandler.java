package io.shiplog.scanner.registry;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.schemas.image.ImageRepository;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * The scanner's HTTP side of every registry: one client, per host a {@link HostGate} and its credentials, the
 * auth dance (anonymous, Basic, Bearer token challenge with tokens cached until expiry), retries of 429/5xx,
 * redirects followed with the credentials kept for the registry's own origin, and a count of every request by kind. Failures are {@link RegistryException}s naming host and repository; no
 * credential or token is ever part of a message.
 */
public final class RegistryHandler {

    private static final int RETRIES = 3;
    private static final int MAX_REDIRECTS = 5;

    private final HttpClient http;
    private final Duration timeout;
    private final Credentials credentials;
    private final Function<String, HostSettings> settings;
    private final MeterRegistry meters;
    private final Map<String, HostGate> gates = new ConcurrentHashMap<>();
    /** Bearer tokens by host and scope, each forgotten when it expires. */
    private final BearerTokens tokens;
    private final Map<String, Boolean> basicHosts = new ConcurrentHashMap<>();
    private final Map<RequestKind, LongAdder> counts = new EnumMap<>(RequestKind.class);
    private final RateLimits rateLimits;

    /** A response body to read (within the request timeout, see {@link DeadlineBody}), with status and headers. */
    record Response(int status, HttpResponse<InputStream> raw, InputStream body) {
        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        /** Reads the rest of the body (up to its deadline) so the connection can be reused, and closes it. */
        void close() {
            RegistryHandler.close(body);
        }
    }

    public RegistryHandler(HttpClient http, Duration timeout, Credentials credentials,
                           Function<String, HostSettings> settings, MeterRegistry meters) {
        this(http, timeout, credentials, settings, meters, Ticker.systemTicker());
    }

    /** With the clock that token lifetimes are measured by. */
    RegistryHandler(HttpClient http, Duration timeout, Credentials credentials,
                    Function<String, HostSettings> settings, MeterRegistry meters, Ticker ticker) {
        this.tokens = new BearerTokens(http, timeout, ticker, this::count);
        this.http = http;
        this.timeout = timeout;
        this.credentials = credentials;
        this.settings = settings;
        this.meters = meters;
        this.rateLimits = new RateLimits(meters);
        for (RequestKind kind : RequestKind.values()) {
            counts.put(kind, new LongAdder());
        }
    }

    public HostSettings settings(ImageRepository image) {
        return settings.apply(image.apiHost());
    }

    /** Requests made so far, by kind (the benchmark reads these). */
    public Map<RequestKind, Long> counts() {
        Map<RequestKind, Long> snapshot = new EnumMap<>(RequestKind.class);
        counts.forEach((kind, adder) -> snapshot.put(kind, adder.sum()));
        return snapshot;
    }

    /**
     * Sends one request for {@code image}, authenticating as the registry asks; the caller must close the body.
     * 401 after authenticating, 429 and 5xx after the retries, and I/O failures become {@link RegistryException}s.
     */
    Response send(RequestKind kind, ImageRepository image, String method, URI uri, String accept)
            throws RegistryException, InterruptedException {
        String host = image.apiHost();
        HostGate gate = gates.computeIfAbsent(host, h -> new HostGate(settings.apply(h).concurrency()));
        String scope = "repository:" + image.path() + ":pull";
        // a fetched credential (cloud token, helper) the registry refuses is fetched once more: it may have expired
        int authentications = 0;
        int maxAuthentications = credentials.renewable(image.registry()) ? 2 : 1;
        int attempt = 0;
        int redirects = 0;
        URI target = uri;
        while (true) {
            // credentials go to the registry itself only, never to where it redirects (blob storage, a CDN)
            boolean registryOrigin = sameOrigin(uri, target);
            gate.enter();
            HttpResponse<InputStream> response;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
                        .method(method, HttpRequest.BodyPublishers.noBody());
                if (accept != null) {
                    request.header("Accept", accept);
                }
                if (registryOrigin) {
                    authorization(image, scope).ifPresent(value -> request.header("Authorization", value));
                }
                count(kind, host);
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw ioFailure(e, image);
            } finally {
                gate.leave();
            }
            int status = response.statusCode();
            InputStream body = new DeadlineBody(response.body(), timeout);
            rateHeaders(gate, response);
            rateLimits.observe(host, response.headers());
            if (isRedirect(status)) {
                close(body);
                String location = response.headers().firstValue("Location").orElse("");
                target = redirectTarget(image, target, location, ++redirects);
                continue;
            }
            if (status == 401 && registryOrigin && authentications < maxAuthentications) {
                close(body);
                if (authentications > 0) {
                    credentials.invalidate(image.registry());
                }
                authentications++;
                // a cached token the registry refuses (expired, revoked) is replaced by a new one here
                authenticate(image, response.headers().firstValue("WWW-Authenticate").orElse(null), scope);
                continue;
            }
            if (status == 401) {
                close(body);
                Optional<Credentials.Credential> credential = credential(image);
                throw new RegistryException(RegistryException.Reason.UNAUTHORIZED, "registry " + image.registry()
                        + " refused " + (registryOrigin ? credential.map(c -> "the credentials of user "
                        + c.username()).orElse("anonymous access") : "access at " + target.getHost()
                        + ", where it redirected") + " for " + image + " (HTTP 401)");
            }
            if (status == 429) {
                rateLimited(host).increment();
            }
            if ((status == 429 || status >= 500) && attempt < RETRIES) {
                close(body);
                attempt++;
                gate.pushedBack(retryAfter(response));
                continue;
            }
            if (status == 429 || status >= 500) {
                close(body);
                throw new RegistryException(status == 429 ? RegistryException.Reason.RATE_LIMITED
                        : RegistryException.Reason.UNAVAILABLE, "registry " + image.registry() + " answered HTTP "
                        + status + " for " + image + " " + (RETRIES + 1) + " times");
            }
            gate.succeeded();
            return new Response(status, response, body);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * Where a redirect leads: an http(s) URL, never from https down to http, at most {@link #MAX_REDIRECTS} of them.
     */
    static URI redirectTarget(ImageRepository image, URI from, String location, int redirects)
            throws RegistryException {
        if (redirects > MAX_REDIRECTS) {
            throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry()
                    + " redirected more than " + MAX_REDIRECTS + " times for " + image);
        }
        URI to;
        try {
            to = from.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            to = null;
        }
        if (location.isBlank() || to == null || to.getHost() == null
                || !("https".equals(to.getScheme()) || "http".equals(to.getScheme()))) {
            throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry()
                    + " redirected to an unusable location for " + image);
        }
        if ("https".equals(from.getScheme()) && "http".equals(to.getScheme())) {
            throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry()
                    + " redirected from https to plain http (" + to.getHost() + ") for " + image + "; not followed");
        }
        return to;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private Optional<String> authorization(ImageRepository image, String scope) throws RegistryException {
        String host = image.apiHost();
        Optional<String> token = tokens.cached(host, scope);
        if (token.isPresent()) {
            return Optional.of("Bearer " + token.get());
        }
        if (basicHosts.containsKey(host)) {
            return credential(image).map(Credentials.Credential::basicHeader);
        }
        return Optional.empty();
    }

    /** The credential of {@code image}'s registry, fetched if it comes from a source; its failure names the image. */
    private Optional<Credentials.Credential> credential(ImageRepository image) throws RegistryException {
        try {
            return credentials.forHost(image.registry());
        } catch (CredentialException e) {
            throw new RegistryException(RegistryException.Reason.UNAUTHORIZED, "no credentials for " + image
                    + ": " + e.getMessage(), e);
        }
    }

    private void authenticate(ImageRepository image, String header, String scope)
            throws RegistryException, InterruptedException {
        Optional<BearerChallenge> challenge = BearerChallenge.parse(header);
        Optional<Credentials.Credential> credential = credential(image);
        if (challenge.isPresent() && challenge.get().isBearer()) {
            try {
                tokens.fetch(image, challenge.get(), credential, scope);
            } catch (RegistryException e) {
                if (e.reason() != RegistryException.Reason.UNAUTHORIZED || credential.isEmpty()
                        || !credentials.renewable(image.registry())) {
                    throw e;
                }
                // the token service refused a fetched credential: fetch it anew once
                credentials.invalidate(image.registry());
                tokens.fetch(image, challenge.get(), credential(image), scope);
            }
        } else if (credential.isPresent()) {
            basicHosts.put(image.apiHost(), true);
        } else {
            throw new RegistryException(RegistryException.Reason.UNAUTHORIZED, "registry " + image.registry()
                    + " requires credentials for " + image + " and none are configured");
        }
    }

    private void rateHeaders(HostGate gate, HttpResponse<?> response) {
        Optional<String> remaining = response.headers().firstValue("RateLimit-Remaining");
        if (remaining.isPresent()) {
            try {
                long left = Long.parseLong(remaining.get().split("[;,]")[0].strip());
                Duration reset = response.headers().firstValue("RateLimit-Reset")
                        .map(v -> Duration.ofSeconds(Long.parseLong(v.split("[;,]")[0].strip()))).orElse(null);
                gate.remaining(left, reset);
            } catch (NumberFormatException e) {
                // a header we cannot read is no reason to stop
            }
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), java.time.Instant.now());
    }

    /** HTTP 429 answers of {@code host}, retried or not (registered at zero with the host's first request). */
    private Counter rateLimited(String host) {
        return Counter.builder("shiplog.scanner.registry.rate.limited").tag("host", host)
                .description("HTTP 429 answers of the registry").register(meters);
    }

    void count(RequestKind kind, String host) {
        counts.get(kind).increment();
        rateLimited(host);
        Counter.builder("shiplog.scanner.registry.requests").tag("host", host).tag("kind", kind.tag())
                .register(meters).increment();
    }

    static RegistryException ioFailure(IOException e, ImageRepository image) {
        if (e instanceof HttpTimeoutException) {
            return new RegistryException(RegistryException.Reason.TIMEOUT, "registry " + image.registry()
                    + " did not answer in time for " + image, e);
        }
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof SSLException) {
                return new RegistryException(RegistryException.Reason.TLS, "TLS with registry " + image.registry()
                        + " failed for " + image + ": " + cause.getMessage(), e);
            }
            if (cause instanceof ConnectException) {
                return new RegistryException(RegistryException.Reason.UNREACHABLE, "registry " + image.registry()
                        + " is unreachable for " + image + ": " + cause.getClass().getSimpleName(), e);
            }
            cause = cause.getCause();
        }
        return new RegistryException(RegistryException.Reason.UNREACHABLE, "request to registry " + image.registry()
                + " failed for " + image + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }

    static void close(InputStream body) {
        try (body) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the connection is dropped instead of reused
        }
    }
}
