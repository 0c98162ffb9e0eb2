package io.shiplog.policy;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * An update policy: given every known tag of a repository and the tag now in the manifest, which tag to use.
 * Build one with {@link Policies#parse(String)}. Implementations are immutable and thread-safe.
 */
public interface Policy {

    /** The spec this policy was parsed from, normalised ({@link PolicySpec#toString()}). */
    String spec();

    /**
     * Chooses a tag. {@code currentTag} (null when unknown or absent) is what the manifest holds; a policy never
     * returns a candidate that ranks below it unless the spec says {@code backwards=true}.
     *
     * @throws PolicyEvaluationException when evaluation is aborted, e.g. a regex exceeded its step budget
     */
    PolicyResult select(Collection<TagCandidate> candidates, String currentTag);

    /** Whether the written value carries the chosen tag's digest ({@code app:1.4.3@sha256:…}). */
    boolean pinsDigest();

    /**
     * A mutable tag whose digest the scanner must track for this policy ({@code digest:latest} → {@code latest};
     * {@code keel:force;match-tag=true} → the current tag), empty when the policy follows new tags instead.
     */
    Optional<String> trackedTag(String currentTag);

    /**
     * The tags among {@code tags} whose image creation time this policy needs in order to choose: for a
     * {@code newest} order every tag its exclusions and filter let through; none for a policy that orders tags by
     * their name alone (the registry scanner then lists tags and reads no manifest).
     */
    default Set<String> needsCreationTime(Collection<String> tags) {
        return Set.of();
    }
}
