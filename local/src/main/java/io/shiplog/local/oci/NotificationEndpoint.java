package io.shiplog.local.oci;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A webhook the registry sends its notification events to, with headers it adds to every request (for example
 * a shared-secret {@code Authorization: Bearer <token>} header, as a scanner's webhook expects). Header values are
 * never shown by {@link #toString()} and never written to the registry's log (see {@link ContainerRegistry}); the
 * URL is, so put secrets in headers rather than in the URL.
 *
 * <p>By default the endpoint gets every event the registry sends: pushes, pulls and deletes of manifests and blobs.
 * {@link #pushesOnly()} leaves out pulls and layer uploads, as a registry in production is set up for a scanner (an
 * image push is then one notification instead of one per layer, and the scanner's own reads notify nothing).
 *
 * @param ignoredActions    event actions the registry does not send here ({@code pull}, {@code push}, {@code delete})
 * @param ignoredMediaTypes target media types the registry does not send here
 */
public record NotificationEndpoint(URI url, Map<String, String> headers, Set<String> ignoredActions,
                                   Set<String> ignoredMediaTypes) {

    /** What a layer upload's notification names as its media type. */
    static final String LAYER_MEDIA_TYPE = "application/octet-stream";

    public NotificationEndpoint {
        Objects.requireNonNull(url, "notification endpoint url");
        if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                || url.getHost() == null) {
            throw new IllegalArgumentException("notification endpoint url '" + url
                    + "' must be an absolute http:// or https:// URL");
        }
        headers = checkedHeaders(headers);
        ignoredActions = Set.copyOf(new TreeSet<>(Objects.requireNonNull(ignoredActions, "ignored actions")));
        ignoredMediaTypes = Set.copyOf(new TreeSet<>(Objects.requireNonNull(ignoredMediaTypes,
                "ignored media types")));
    }

    /** An endpoint that gets every event, with {@code headers} on every request. */
    public NotificationEndpoint(URI url, Map<String, String> headers) {
        this(url, headers, Set.of(), Set.of());
    }

    public static NotificationEndpoint of(URI url) {
        return new NotificationEndpoint(url, Map.of());
    }

    public NotificationEndpoint withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new NotificationEndpoint(url, more, ignoredActions, ignoredMediaTypes);
    }

    /** Manifest pushes and deletes only: no pulls, no layer uploads. */
    public NotificationEndpoint pushesOnly() {
        return new NotificationEndpoint(url, headers, Set.of("pull"), Set.of(LAYER_MEDIA_TYPE));
    }

    /** An immutable copy of {@code headers}, failing on a name that is not an HTTP token or a bad value. */
    static Map<String, String> checkedHeaders(Map<String, String> headers) {
        Objects.requireNonNull(headers, "notification headers");
        headers.forEach((name, value) -> {
            if (name == null || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("notification header name '" + name + "' is not an HTTP token");
            }
            if (value == null || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("notification header '" + name
                        + "' has a missing value or one with control characters");
            }
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    @Override
    public String toString() {
        return "NotificationEndpoint[url=" + url + ", headers=" + headers.keySet()
                + (ignoredActions.isEmpty() ? "" : ", ignoring actions " + new TreeSet<>(ignoredActions))
                + (ignoredMediaTypes.isEmpty() ? "" : ", ignoring media types " + new TreeSet<>(ignoredMediaTypes))
                + "]";
    }
}
