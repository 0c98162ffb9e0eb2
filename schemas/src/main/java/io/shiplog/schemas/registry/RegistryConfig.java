package io.shiplog.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of {@link HttpSchemaRegistryClient}, read from Confluent's client configuration keys so existing
 * configuration works. Unknown keys are ignored; bad values fail with a {@link ConfigException} naming the key.
 *
 * @param endpoints      registry base URLs, tried in order on connection failures
 * @param sslContext     TLS context from {@code schema.registry.ssl.*}; empty for the JDK defaults
 * @param connectTimeout bound on opening a connection ({@code http.connect.timeout.ms})
 * @param requestTimeout bound on waiting for one answer once connected ({@code http.read.timeout.ms})
 * @param maxRetries     extra attempts after a 5xx answer or a connection failure ({@code max.retries})
 * @param retryWait      first back-off between attempts, doubled each time ({@code retries.wait.ms})
 * @param retryMaxWait   cap of the back-off ({@code retries.max.wait.ms})
 * @param cacheCapacity  schemas cached per subject, and ids cached in all ({@code max.schemas.per.subject})
 * @param latestCacheTtl how long a subject's latest version is reused ({@code latest.cache.ttl.sec});
 *                       negative means forever, zero means never cached
 */
public record RegistryConfig(
        List<RegistryEndpoint> endpoints,
        Optional<SSLContext> sslContext,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration retryWait,
        Duration retryMaxWait,
        int cacheCapacity,
        Duration latestCacheTtl) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
    public static final String USER_INFO = "basic.auth.user.info";
    /** Confluent's older, prefixed name of {@link #USER_INFO}. */
    public static final String PREFIXED_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String BEARER_AUTH_SOURCE = "bearer.auth.credentials.source";
    public static final String BEARER_TOKEN = "bearer.auth.token";
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String MAX_SCHEMAS_PER_SUBJECT = "max.schemas.per.subject";
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final Duration DEFAULT_RETRY_WAIT = Duration.ofMillis(100);
    public static final Duration DEFAULT_RETRY_MAX_WAIT = Duration.ofSeconds(1);
    public static final int DEFAULT_CACHE_CAPACITY = 1000;
    public static final Duration DEFAULT_LATEST_CACHE_TTL = Duration.ofSeconds(60);

    public RegistryConfig {
        if (endpoints.isEmpty()) {
            throw new ConfigException(URL + " must name at least one registry URL");
        }
        endpoints = List.copyOf(endpoints);
    }

    /** Defaults for everything but the endpoints. */
    public static RegistryConfig of(List<RegistryEndpoint> endpoints) {
        return new RegistryConfig(endpoints, Optional.empty(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_RETRIES, DEFAULT_RETRY_WAIT, DEFAULT_RETRY_MAX_WAIT, DEFAULT_CACHE_CAPACITY,
                DEFAULT_LATEST_CACHE_TTL);
    }

    /** Reads the settings from a Kafka-style configuration map. */
    public static RegistryConfig from(Map<String, ?> configs) {
        return new RegistryConfig(
                endpoints(configs),
                RegistryTls.sslContext(configs),
                Duration.ofMillis(ConfigValues.number(configs, CONNECT_TIMEOUT_MS,
                        DEFAULT_CONNECT_TIMEOUT.toMillis(), 1)),
                Duration.ofMillis(ConfigValues.number(configs, READ_TIMEOUT_MS,
                        DEFAULT_REQUEST_TIMEOUT.toMillis(), 1)),
                (int) ConfigValues.number(configs, MAX_RETRIES, DEFAULT_MAX_RETRIES, 0),
                Duration.ofMillis(ConfigValues.number(configs, RETRIES_WAIT_MS, DEFAULT_RETRY_WAIT.toMillis(), 0)),
                Duration.ofMillis(ConfigValues.number(configs, RETRIES_MAX_WAIT_MS,
                        DEFAULT_RETRY_MAX_WAIT.toMillis(), 0)),
                (int) ConfigValues.number(configs, MAX_SCHEMAS_PER_SUBJECT, DEFAULT_CACHE_CAPACITY, 1),
                Duration.ofSeconds(ConfigValues.number(configs, LATEST_CACHE_TTL_SEC,
                        DEFAULT_LATEST_CACHE_TTL.toSeconds(), -1)));
    }

    /** The base URLs, credentials masked, as one comma-separated string. */
    public String describe() {
        return endpoints.stream().map(RegistryEndpoint::toString).collect(Collectors.joining(","));
    }

    private static List<RegistryEndpoint> endpoints(Map<String, ?> configs) {
        String urls = ConfigValues.string(configs, URL).orElseThrow(() -> new ConfigException(
                URL + " is required: a comma-separated list of http(s) URLs of the schema registry"));
        RegistryAuth shared = sharedAuth(configs);
        List<RegistryEndpoint> endpoints = new ArrayList<>();
        for (String raw : urls.split(",")) {
            String url = raw.trim();
            if (url.isEmpty()) {
                continue;
            }
            URI uri = parse(url);
            RegistryAuth auth;
            if (shared == null) {
                auth = uri.getUserInfo() == null ? RegistryAuth.none() : RegistryAuth.basic(uri.getUserInfo());
            } else if (uri.getUserInfo() == null) {
                auth = shared;
            } else {
                throw new ConfigException(URL + " " + RegistryUrls.mask(url) + " carries user info, but "
                        + "authentication is configured elsewhere (" + USER_INFO + " or " + BEARER_TOKEN
                        + "): use one");
            }
            endpoints.add(new RegistryEndpoint(withoutUserInfo(uri), auth));
        }
        if (endpoints.isEmpty()) {
            throw new ConfigException(URL + " must name at least one registry URL");
        }
        return endpoints;
    }

    /** The authentication used for every URL, or null when each URL's own user info decides. */
    private static RegistryAuth sharedAuth(Map<String, ?> configs) {
        Optional<String> basicSource = ConfigValues.string(configs, BASIC_AUTH_SOURCE)
                .map(s -> s.toUpperCase(Locale.ROOT));
        Optional<String> userInfo = ConfigValues.firstString(configs, USER_INFO, PREFIXED_USER_INFO);
        Optional<String> bearerSource = ConfigValues.string(configs, BEARER_AUTH_SOURCE)
                .map(s -> s.toUpperCase(Locale.ROOT));
        Optional<String> token = ConfigValues.string(configs, BEARER_TOKEN);

        if (bearerSource.isPresent() && !bearerSource.get().equals("STATIC_TOKEN")) {
            throw new ConfigException(BEARER_AUTH_SOURCE, bearerSource.get(),
                    "only STATIC_TOKEN (with " + BEARER_TOKEN + ") is supported");
        }
        if (bearerSource.isPresent() && token.isEmpty()) {
            throw new ConfigException(BEARER_TOKEN + " must be set when " + BEARER_AUTH_SOURCE + "=STATIC_TOKEN");
        }
        if (token.isPresent()) {
            if (basicSource.isPresent() || userInfo.isPresent()) {
                throw new ConfigException("both basic auth (" + BASIC_AUTH_SOURCE + "/" + USER_INFO
                        + ") and " + BEARER_TOKEN + " are set: use one");
            }
            return RegistryAuth.bearer(token.get());
        }
        String source = basicSource.orElse(userInfo.isPresent() ? "USER_INFO" : "URL");
        switch (source) {
            case "URL":
                return null;
            case "USER_INFO":
                String info = userInfo.orElseThrow(() -> new ConfigException(USER_INFO
                        + " must be set (user:password) when " + BASIC_AUTH_SOURCE + "=USER_INFO"));
                if (info.indexOf(':') <= 0) {
                    throw new ConfigException(USER_INFO + " must have the form user:password");
                }
                return RegistryAuth.basic(info);
            default:
                throw new ConfigException(BASIC_AUTH_SOURCE, source, "supported values are USER_INFO and URL");
        }
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException(URL + " " + RegistryUrls.mask(url) + " is not a URL: "
                    + RegistryUrls.mask(e.getReason()));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ConfigException(URL + " " + RegistryUrls.mask(url)
                    + " must be an http:// or https:// URL with a host, e.g. http://localhost:8081");
        }
        return uri;
    }

    private static URI withoutUserInfo(URI uri) {
        try {
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return new URI(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + hostPart(uri) + path);
        } catch (URISyntaxException e) {
            throw new ConfigException(URL + " " + RegistryUrls.mask(uri.toString()) + " is not a URL");
        }
    }

    private static String hostPart(URI uri) {
        String host = uri.getHost();
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    @Override
    public String toString() {
        return "RegistryConfig[" + describe() + ", auth=" + endpoints.get(0).auth() + ", tls="
                + (sslContext.isPresent() ? "configured" : "JDK defaults") + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries + "]";
    }
}
