package io.shiplog.policy;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Keel's semver policies relative to the current tag, decided as Keel decides: a candidate is a version only when
 * it has a dot and Masterminds semver v1 reads it ({@code 1.2}, {@code v1.2.3}; never {@code v2} or
 * {@code 20240101}); it must be higher than the current tag; {@code major} and {@code all} allow any higher
 * version, {@code minor} the same major, {@code patch} the same major and minor. With {@code keel.sh/matchPreRelease}
 * (default true) a candidate's pre-release must equal the current tag's ({@code 1.4.0} moves only to releases,
 * {@code 1.4.0-alpha} only to {@code -alpha}); {@code match-prerelease=false} and {@code all} lift that. A current
 * tag of {@code latest} moves to the highest version. Keel's {@code force}, {@code glob:} and {@code regexp:} map to
 * other policies in {@link Policies}.
 */
final class KeelPolicy implements Policy {

    enum Level { ALL, MAJOR, MINOR, PATCH }

    private final String spec;
    private final Level level;
    private final boolean matchPrerelease;
    private final TagFilter filter;
    private final boolean pinsDigest;

    KeelPolicy(String spec, Level level, boolean matchPrerelease, TagFilter filter, boolean pinsDigest) {
        this.spec = spec;
        this.level = level;
        this.matchPrerelease = matchPrerelease;
        this.filter = filter;
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
    public PolicyResult select(Collection<TagCandidate> candidates, String currentTag) {
        boolean fromLatest = "latest".equals(currentTag);
        Optional<SemVer> current = currentTag == null || fromLatest ? Optional.empty() : SemVer.parseLenient(currentTag);
        if (current.isEmpty() && !fromLatest) {
            return new PolicyResult.NoMatch(spec + " needs a version or 'latest' as the current tag, found '"
                    + currentTag + "'");
        }
        TagCandidate best = null;
        SemVer bestVersion = null;
        boolean anyAllowed = false;
        for (TagCandidate candidate : candidates) {
            Optional<SemVer> parsed = version(candidate.tag());
            if (parsed.isEmpty()) {
                continue;
            }
            SemVer v = parsed.get();
            if (current.isPresent() && !allowed(current.get(), v)) {
                continue;
            }
            anyAllowed = true;
            if (current.isPresent() && v.compareTo(current.get()) <= 0) {
                continue;
            }
            int c = best == null ? 1 : v.compareTo(bestVersion);
            if (c == 0) {
                c = SemVer.TAG_TIEBREAK.compare(candidate.tag(), best.tag());
            }
            if (c > 0) {
                best = candidate;
                bestVersion = v;
            }
        }
        if (best == null && !anyAllowed) {
            return new PolicyResult.NoMatch("no tag of " + candidates.size() + " is allowed by " + spec + " from "
                    + currentTag);
        }
        if (best == null) {
            return new PolicyResult.KeepCurrent("no version above " + currentTag + " allowed by " + spec);
        }
        return new PolicyResult.Chosen(best, "highest " + level.name().toLowerCase(Locale.ROOT) + " update of "
                + currentTag + " (" + spec + ")");
    }

    /** A tag Keel reads as a candidate version: not excluded, has a dot, and parses. */
    private Optional<SemVer> version(String tag) {
        if (tag.indexOf('.') < 0 || filter.key(tag).isEmpty()) {
            return Optional.empty();
        }
        return SemVer.parseLenient(tag);
    }

    private boolean allowed(SemVer now, SemVer v) {
        if (level != Level.ALL && matchPrerelease && !now.prereleaseText().equals(v.prereleaseText())) {
            return false;
        }
        return switch (level) {
            case ALL, MAJOR -> true;
            case MINOR -> v.major().equals(now.major());
            case PATCH -> v.major().equals(now.major()) && v.minor().equals(now.minor());
        };
    }

    @Override
    public String toString() {
        return spec;
    }
}
