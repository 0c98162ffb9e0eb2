package io.shiplog.policy;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The common shape of semver, regex, glob, alphabetical, numerical and newest policies: exclude, filter, extract
 * a key, rank it, take the best. Ties (equal rank) go to the tag that is greater in natural order; duplicate tags
 * to the candidate with the later creation time, then the greater digest. Never backwards: when the current tag
 * has a rank at least as good as the best candidate's, the result is {@link PolicyResult.KeepCurrent}.
 */
final class RankedPolicy implements Policy {

    private final String spec;
    private final TagFilter filter;
    private final TagOrder order;
    private final boolean backwards;
    private final boolean pinsDigest;

    RankedPolicy(String spec, TagFilter filter, TagOrder order, boolean backwards, boolean pinsDigest) {
        this.spec = spec;
        this.filter = filter;
        this.order = order;
        this.backwards = backwards;
        this.pinsDigest = pinsDigest;
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public boolean pinsDigest() {
        return pinsDigest;
    }

    @Override
    public Optional<String> trackedTag(String currentTag) {
        return Optional.empty();
    }

    @Override
    public Set<String> needsCreationTime(Collection<String> tags) {
        if (!(order instanceof TagOrder.Newest)) {
            return Set.of();
        }
        Set<String> candidates = new HashSet<>();
        for (String tag : tags) {
            if (filter.key(tag).isPresent()) {
                candidates.add(tag);
            }
        }
        return candidates;
    }

    @Override
    public PolicyResult select(Collection<TagCandidate> candidates, String currentTag) {
        Comparator<Comparable<?>> byRank = order.comparator();
        TagCandidate best = null;
        Comparable<?> bestRank = null;
        TagCandidate current = null;
        for (TagCandidate candidate : candidates) {
            if (candidate.tag().equals(currentTag)) {
                current = better(current, candidate);
            }
            Optional<String> key = filter.key(candidate.tag());
            if (key.isEmpty()) {
                continue;
            }
            Optional<Comparable<?>> rank = order.rank(key.get(), candidate);
            if (rank.isEmpty()) {
                continue;
            }
            if (best == null) {
                best = candidate;
                bestRank = rank.get();
                continue;
            }
            int c = byRank.compare(rank.get(), bestRank);
            if (c == 0) {
                int t = SemVer.TAG_TIEBREAK.compare(candidate.tag(), best.tag());
                c = t != 0 ? t : duplicateOrder(candidate, best);
            }
            if (c > 0) {
                best = candidate;
                bestRank = rank.get();
            }
        }
        if (best == null) {
            return new PolicyResult.NoMatch("no tag of " + candidates.size() + " passes " + spec);
        }
        if (!backwards && currentTag != null && !currentTag.equals(best.tag())) {
            TagCandidate now = current != null ? current : TagCandidate.of(currentTag);
            Optional<String> key = filter.key(currentTag);
            if (key.isEmpty() && order.comparesOutsideFilter() && !filter.extracts()) {
                key = Optional.of(currentTag);
            }
            Optional<Comparable<?>> currentRank = key.flatMap(k -> order.currentRank(k, now));
            boolean comparable = currentRank.isPresent() && !(currentRank.get() instanceof Instant i && i.equals(Instant.MIN));
            if (comparable && byRank.compare(currentRank.get(), bestRank) >= 0) {
                return new PolicyResult.KeepCurrent("current tag " + currentTag + " is not older than " + best.tag()
                        + ", the " + order.describe() + " of " + spec + " (backwards=true allows moving back)");
            }
        }
        return new PolicyResult.Chosen(best, order.describe() + " of " + spec);
    }

    private static TagCandidate better(TagCandidate a, TagCandidate b) {
        return a == null || duplicateOrder(b, a) > 0 ? b : a;
    }

    /** Between two candidates of the same tag: later creation time, then greater digest. */
    private static int duplicateOrder(TagCandidate a, TagCandidate b) {
        Instant ta = a.createdAt() == null ? Instant.MIN : a.createdAt();
        Instant tb = b.createdAt() == null ? Instant.MIN : b.createdAt();
        int c = ta.compareTo(tb);
        if (c != 0) {
            return c;
        }
        String da = a.digest() == null ? "" : a.digest();
        String db = b.digest() == null ? "" : b.digest();
        return da.compareTo(db);
    }

    @Override
    public String toString() {
        return spec;
    }
}
