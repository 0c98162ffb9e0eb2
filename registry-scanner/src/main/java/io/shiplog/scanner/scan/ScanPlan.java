package io.shiplog.scanner.scan;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Which requests one scan needs, from what the log knows, what tags/list returned and what the repository's
 * policies need ({@link ScanNeeds}).
 *
 * @param toHead     tags to resolve (HEAD): tracked tags and each pinning policy's choice on every scan; with
 *                   {@link ScanNeeds#everything()} every tag new to Shiplog; the creation-time candidates whose
 *                   digest is not known yet
 * @param toInspect  tags among {@code toHead} whose new digest is read (manifest and config blob)
 * @param listedOnly tags new to Shiplog that are reported without a digest (their policies order them by name)
 * @param removed    known tags the registry no longer lists
 */
public record ScanPlan(Set<String> toHead, Set<String> toInspect, Set<String> listedOnly, Set<String> removed) {

    /** The plan of a repository no policy describes: every new tag is resolved and inspected. */
    public static ScanPlan of(Map<String, String> known, Set<String> listed, Set<String> tracked) {
        return of(known, listed, tracked, ScanNeeds.everything(), problem -> { });
    }

    /** The plan for {@code needs}; a policy that cannot be evaluated is reported to {@code problems}. */
    public static ScanPlan of(Map<String, String> known, Set<String> listed, Set<String> tracked, ScanNeeds needs,
                              Consumer<String> problems) {
        Set<String> toHead = new TreeSet<>();
        Set<String> toInspect = new TreeSet<>();
        Set<String> listedOnly = new TreeSet<>();
        Set<String> pinned = needs.pinned(listed, problems);
        Set<String> dated = needs.creationTimes(listed, problems);
        for (String tag : listed) {
            boolean isNew = !known.containsKey(tag);
            if (needs.isEverything()) {
                if (isNew || tracked.contains(tag)) {
                    toHead.add(tag);
                    toInspect.add(tag);
                }
            } else if (tracked.contains(tag) || pinned.contains(tag)) {
                toHead.add(tag);
            } else if (isNew && !dated.contains(tag)) {
                listedOnly.add(tag);
            }
            if (dated.contains(tag)) {
                toInspect.add(tag);
                if (isNew || known.get(tag) == null) {
                    toHead.add(tag);
                }
            }
        }
        toInspect.retainAll(toHead);
        Set<String> removed = new TreeSet<>(known.keySet());
        removed.removeAll(listed);
        return new ScanPlan(toHead, toInspect, listedOnly, removed);
    }
}
