package io.shiplog.auditor.project;

import io.shiplog.auditor.store.Deliveries;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.FileChange;
import io.shiplog.events.ManifestsCommitted;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What an apply delivered, worked out while projecting so that the DORA query reads it from the apply's own row: per
 * application (image repository) its commits moved, the earliest discovery of that application's causing tag. Kept
 * from the recent image events and commits seen (immutable facts of the log, bounded, empty after a restart); when an
 * apply's commit or a commit's cause is not among them the delivery is unknown ({@code null}): the row is not rewritten
 * when the commit comes later, {@link DeliveryBackfill} fills it from the commit tables once caught up, and until then
 * the query reads them, with the same answer.
 */
final class DeliveryCache {

    /** Recent image events and commits remembered; a commit is applied minutes after its tag, not days. */
    static final int CAPACITY = 200_000;
    /** A commit that moved no application (not Shiplog's). */
    private static final Moved NOTHING = Moved.of(Map.of());

    private record ImageSeen(String repository, long at) {
    }

    /** What a commit moved (application → earliest discovery), and that as the column's value. */
    private record Moved(Map<String, Long> applications, String encoded) {

        static Moved of(Map<String, Long> applications) {
            return new Moved(applications, Deliveries.encode(applications));
        }
    }

    private final Map<String, ImageSeen> images = bounded();
    /**
     * sha → application → earliest discovery ({@code null}: none recorded), encoded once: every cluster's apply of
     * the commit reads it.
     */
    private final Map<String, Moved> commits = bounded();

    /** An image event was projected. */
    void image(String eventId, String repository, long at) {
        images.put(eventId, new ImageSeen(repository, at));
    }

    /** A Shiplog commit was projected: known only when every causing event is. */
    void committed(ManifestsCommitted commit) {
        List<ImageSeen> causes = new ArrayList<>();
        for (String cause : commit.getCausingEventIds()) {
            ImageSeen seen = images.get(cause);
            if (seen == null) {
                commits.remove(commit.getSha());
                return;
            }
            causes.add(seen);
        }
        Map<String, Long> moved = new HashMap<>();
        for (FileChange change : commit.getChanges()) {
            String application = change.getRepository() == null ? Deliveries.MANUAL : change.getRepository();
            Long earliest = null;
            for (ImageSeen cause : causes) {
                if (cause.repository().equals(change.getRepository())
                        && (earliest == null || cause.at() < earliest)) {
                    earliest = cause.at();
                }
            }
            Long known = moved.get(application);
            // not one conditional expression: mixing Long and long there unboxes a null earliest
            Long merged = earliest;
            if (known != null) {
                merged = earliest == null ? known : Long.valueOf(Math.min(known, earliest));
            }
            moved.put(application, merged);
        }
        commits.put(commit.getSha(), Moved.of(moved));
    }

    /** Another commit was projected: it moves no application. */
    void observed(CommitObserved commit) {
        commits.put(commit.getSha(), NOTHING);
    }

    /**
     * The applications the commits {@code shas} (an apply's commit and those it skipped) moved, as the
     * {@code applies.deliveries} column ({@link Deliveries}); {@code null} when a commit is not known here.
     */
    String deliveries(List<String> shas) {
        if (shas.size() == 1) {
            Moved moved = commits.get(shas.get(0));
            return moved == null ? null : moved.encoded();
        }
        Map<String, Long> all = new HashMap<>();
        for (String sha : shas) {
            Moved moved = commits.get(sha);
            if (moved == null) {
                return null;
            }
            moved.applications().forEach((application, at) -> all.merge(application, at == null ? Long.MAX_VALUE : at,
                    Math::min));
        }
        all.replaceAll((application, at) -> at == Long.MAX_VALUE ? null : at);
        return Deliveries.encode(all);
    }

    /** The first discovery of a tag the commits {@code shas} moved, when one is known here. */
    OptionalLong firstDiscovery(List<String> shas) {
        long first = Long.MAX_VALUE;
        for (String sha : shas) {
            Moved moved = commits.get(sha);
            if (moved != null) {
                for (Long at : moved.applications().values()) {
                    first = at == null ? first : Math.min(first, at);
                }
            }
        }
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }

    void clear() {
        images.clear();
        commits.clear();
    }

    /**
     * The newest {@value #CAPACITY} entries in insertion order: a window of the log, not a Caffeine cache. Caffeine's
     * size eviction (W-TinyLFU) admits a new entry past its small recency window only when it is used more often than
     * the one it would evict; these entries are written once and read once at most, so a full Caffeine cache would
     * keep the oldest facts and turn away the recent ones (those an apply needs) during a rebuild of a long log.
     * Only the projection thread uses it.
     */
    private static <K, V> Map<K, V> bounded() {
        return new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }
}
