package io.shiplog.scanner.scan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shiplog.scanner.registry.ManifestInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the log says the registries hold: per repository, tag → digest; and what each digest is (immutable, so
 * cached for as long as it fits: up to {@value #MAX_DIGESTS} digests, the least used forgotten first). Built from {@code shiplog.images} at start-up and kept current from both this
 * scanner's events and those of other instances; applying the same event twice changes nothing.
 */
public final class KnownImages {

    private static final int MAX_DIGESTS = 500_000;

    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    private final Cache<String, ManifestInfo> digests = Caffeine.newBuilder().maximumSize(MAX_DIGESTS).build();

    /** tag → digest of {@code repository} (null for a tag known without its digest), a copy. */
    public Map<String, String> tagsOf(String repository) {
        Map<String, String> known = tags.get(repository);
        if (known == null) {
            return Map.of();
        }
        synchronized (known) {
            return new HashMap<>(known);
        }
    }

    public Optional<ManifestInfo> manifest(String digest) {
        return Optional.ofNullable(digests.getIfPresent(digest));
    }

    public void rememberManifest(ManifestInfo info) {
        digests.put(info.digest(), info);
    }

    /** Records that {@code repository:tag} points at {@code digest} (null: a tag listed, its digest not read). */
    public void tagged(String repository, String tag, String digest) {
        Map<String, String> known = tags.computeIfAbsent(repository, r -> new HashMap<>());
        synchronized (known) {
            known.put(tag, digest);
        }
    }

    public void removed(String repository, String tag) {
        Map<String, String> known = tags.get(repository);
        if (known != null) {
            synchronized (known) {
                known.remove(tag);
            }
        }
    }

    /** Applies a change (this scanner's or another instance's). */
    public void apply(TagChange change) {
        String repository = change.image().toString();
        if (change instanceof TagChange.Discovered d) {
            if (d.manifest() != null && d.manifest().inspected()) {
                rememberManifest(d.manifest());
            }
            tagged(repository, d.tag(), d.manifest() == null ? null : d.manifest().digest());
        } else if (change instanceof TagChange.Moved m) {
            if (m.manifest().inspected()) {
                rememberManifest(m.manifest());
            }
            tagged(repository, m.tag(), m.manifest().digest());
        } else if (change instanceof TagChange.Removed) {
            removed(repository, change.tag());
        }
    }

    public int repositories() {
        return tags.size();
    }
}
