package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.WatchedRepository;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code shiplog.watchlist} entry: an image repository with the usages of every config repository of this
 * process that uses it, their policies and tracked tags merged (so two config repositories sharing an image do
 * not overwrite each other's usages).
 */
public record WatchEntry(String repository, String registry, List<String> policies, List<String> trackedTags,
                         List<Usage> usages) {

    /** Where the image is used, and in which config repository. */
    public record Usage(String configRepo, ImageLocation location) {
    }

    public WatchEntry {
        policies = List.copyOf(policies);
        trackedTags = List.copyOf(trackedTags);
        usages = List.copyOf(usages);
    }

    /** The entry of one config repository alone. */
    public static WatchEntry of(String configRepo, WatchedRepository entry) {
        return merge(Map.of(configRepo, entry));
    }

    /** Merges the entries for one image repository of several config repositories (iteration order kept). */
    static WatchEntry merge(Map<String, WatchedRepository> byConfigRepo) {
        Set<String> policies = new LinkedHashSet<>();
        Set<String> tracked = new LinkedHashSet<>();
        List<Usage> usages = new ArrayList<>();
        WatchedRepository first = null;
        for (Map.Entry<String, WatchedRepository> e : byConfigRepo.entrySet()) {
            WatchedRepository w = e.getValue();
            first = first == null ? w : first;
            policies.addAll(w.policies());
            tracked.addAll(w.trackedTags());
            w.usages().forEach(l -> usages.add(new Usage(e.getKey(), l)));
        }
        if (first == null) {
            throw new IllegalArgumentException("nothing to merge");
        }
        return new WatchEntry(first.repository(), first.registry(), List.copyOf(policies), List.copyOf(tracked),
                usages);
    }
}
