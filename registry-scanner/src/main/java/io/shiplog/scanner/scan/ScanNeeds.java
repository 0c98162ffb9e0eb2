package io.shiplog.scanner.scan;

import io.shiplog.policy.Policy;
import io.shiplog.policy.PolicyEvaluationException;
import io.shiplog.policy.PolicyException;
import io.shiplog.policy.PolicyResult;
import io.shiplog.policy.TagCandidate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a repository's policies need a scan to read beyond its tag list (which orders every policy by tag name):
 * the digest of the tag each digest-pinning policy selects (one HEAD, which registries do not count as a pull), and
 * the creation time of every tag a {@code newest} policy's filter lets through (manifest and config blob, once per
 * digest). {@link #everything()} is the repository no policy describes (configured by hand): every new tag is
 * resolved and inspected.
 */
public final class ScanNeeds {

    private static final ScanNeeds EVERYTHING = new ScanNeeds(null);

    /** One usage of the repository: its policy and the tag the manifest holds now (null when none). */
    public record Use(Policy policy, String currentTag) {
    }

    private final List<Use> uses;

    private ScanNeeds(List<Use> uses) {
        this.uses = uses == null ? null : List.copyOf(uses);
    }

    /** Every new tag is resolved (HEAD) and every new digest inspected (manifest and config blob). */
    public static ScanNeeds everything() {
        return EVERYTHING;
    }

    /** What {@code uses} need; no use at all needs everything (nothing says what the repository is for). */
    public static ScanNeeds of(List<Use> uses) {
        return uses.isEmpty() ? EVERYTHING : new ScanNeeds(uses);
    }

    /** Nothing beyond the tag list (and the tracked tags every scan resolves). */
    public static ScanNeeds tagsOnly() {
        return new ScanNeeds(List.of());
    }

    public boolean isEverything() {
        return uses == null;
    }

    /**
     * The tags whose digest a pinning policy writes: the tag it selects among {@code listed} (or keeps), or the
     * mutable tag it tracks. A policy that fails to evaluate is reported to {@code problems} and needs nothing.
     */
    Set<String> pinned(Set<String> listed, Consumer<String> problems) {
        Set<String> pinned = new HashSet<>();
        if (uses == null) {
            return pinned;
        }
        List<TagCandidate> candidates = null;
        for (Use use : uses) {
            Policy policy = use.policy();
            if (!policy.pinsDigest()) {
                continue;
            }
            try {
                if (policy.trackedTag(use.currentTag()).isPresent()) {
                    pinned.add(policy.trackedTag(use.currentTag()).get());
                    continue;
                }
                if (!policy.needsCreationTime(listed).isEmpty()) {
                    continue; // its candidates are inspected, which resolves them too
                }
                candidates = candidates != null ? candidates : listed.stream().map(TagCandidate::of).toList();
                PolicyResult result = policy.select(candidates, use.currentTag());
                if (result instanceof PolicyResult.Chosen chosen) {
                    pinned.add(chosen.candidate().tag());
                } else if (result instanceof PolicyResult.KeepCurrent && use.currentTag() != null) {
                    pinned.add(use.currentTag());
                }
            } catch (PolicyEvaluationException | PolicyException e) {
                problems.accept("policy '" + policy.spec() + "': " + e.getMessage());
            }
        }
        pinned.retainAll(listed);
        return pinned;
    }

    /** The tags among {@code listed} whose creation time a {@code newest} policy needs. */
    Set<String> creationTimes(Set<String> listed, Consumer<String> problems) {
        Set<String> needed = new HashSet<>();
        if (uses == null) {
            return needed;
        }
        for (Use use : uses) {
            try {
                needed.addAll(use.policy().needsCreationTime(listed));
            } catch (PolicyEvaluationException | PolicyException e) {
                problems.accept("policy '" + use.policy().spec() + "': " + e.getMessage());
            }
        }
        return needed;
    }

    @Override
    public String toString() {
        return uses == null ? "everything" : uses.stream().map(u -> u.policy().spec()).distinct().toList().toString();
    }
}
