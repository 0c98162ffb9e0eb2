package io.shiplog.local.oci;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One event of a registry notification ({@code application/vnd.docker.distribution.events.v1+json}) as the
 * receiver got it, with the HTTP headers of the request that carried it. {@code tag} is null for blob events
 * and for manifest events by digest; {@code digest} is null for tag deletions. {@link #toString()} shows header
 * names only, since a header may carry a shared secret.
 */
public record RegistryEvent(String id, String action, String repository, String tag, String digest,
                            String mediaType, long size, Instant timestamp, String url, String actor,
                            String requestMethod, Map<String, List<String>> headers) {

    public static final String MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

    public RegistryEvent {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of a received header, by case-insensitive name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).filter(values -> !values.isEmpty()).map(values -> values.get(0));
    }

    /** True for the push of a manifest under a tag (not a blob, not a push by digest). */
    public boolean isTagPush() {
        return "push".equals(action) && tag != null;
    }

    /** Matches the push of {@code repository:tag}. */
    public static Predicate<RegistryEvent> pushOf(String repository, String tag) {
        return event -> event.isTagPush() && repository.equals(event.repository()) && tag.equals(event.tag());
    }

    /** Matches the push of {@code repository:tag} with exactly {@code digest}. */
    public static Predicate<RegistryEvent> pushOf(String repository, String tag, String digest) {
        return pushOf(repository, tag).and(event -> digest.equals(event.digest()));
    }

    /** Matches the deletion of {@code tag} in {@code repository}. */
    public static Predicate<RegistryEvent> deleteOf(String repository, String tag) {
        return event -> "delete".equals(event.action()) && repository.equals(event.repository())
                && tag.equals(event.tag());
    }

    @Override
    public String toString() {
        return "RegistryEvent[" + action + " " + repository + (tag == null ? "" : ":" + tag)
                + (digest == null ? "" : "@" + digest) + ", mediaType=" + mediaType + ", at " + timestamp
                + ", headers=" + headers.keySet() + "]";
    }
}
