package io.shiplog.scanner.scan;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which requests one scan needs, from what the log knows and what tags/list returned: a HEAD for each tag new to
 * Shiplog and for each digest-tracked tag, never for the other known tags; and which known tags are gone.
 */
public record ScanPlan(Set<String> toHead, Set<String> removed) {

    public static ScanPlan of(Map<String, String> known, Set<String> listed, Set<String> tracked) {
        Set<String> toHead = new TreeSet<>();
        for (String tag : listed) {
            if (!known.containsKey(tag) || tracked.contains(tag)) {
                toHead.add(tag);
            }
        }
        Set<String> removed = new TreeSet<>(known.keySet());
        removed.removeAll(listed);
        return new ScanPlan(toHead, removed);
    }
}
