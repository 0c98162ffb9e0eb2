package io.shiplog.gitwriter.policy;

import java.util.Collection;
import java.util.Optional;

/**
 * Keel's semver policies relative to the current tag: {@code all} (any higher version, pre-releases included),
 * {@code major} (any higher version), {@code minor} (same major), {@code patch} (same major and minor). Except
 * for {@code all}, pre-releases are considered only when the current tag is itself a pre-release. The current tag
 * must be a version. (Keel's {@code force}, {@code glob:} and {@code regexp:} map to other policies in
 * {@link Policies}.)
 */
final class KeelPolicy implements Policy {

    enum Level { ALL, MAJOR, MINOR, PATCH }

    private final String spec;
    private final Level level;
    private final TagFilter filter;
    private final boolean pinsDigest;

    KeelPolicy(String spec, Level level, TagFilter filter, boolean pinsDigest) {
        this.spec = spec;
        this.level = level;
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
        Optional<SemVer> current = currentTag == null ? Optional.empty() : SemVer.parse(currentTag);
        if (current.isEmpty()) {
            return new PolicyResult.NoMatch(spec + " needs a version as the current tag, found '" + currentTag + "'");
        }
        SemVer now = current.get();
        boolean prereleases = level == Level.ALL || now.isPrerelease();
        TagCandidate best = null;
        SemVer bestVersion = null;
        boolean anyAllowed = false;
        for (TagCandidate candidate : candidates) {
            if (filter.key(candidate.tag()).isEmpty()) {
                continue;
            }
            Optional<SemVer> parsed = SemVer.parse(candidate.tag());
            if (parsed.isEmpty()) {
                continue;
            }
            SemVer v = parsed.get();
            if ((v.isPrerelease() && !prereleases) || !withinLevel(now, v)) {
                continue;
            }
            anyAllowed = true;
            if (v.compareTo(now) <= 0) {
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
        return new PolicyResult.Chosen(best, "highest " + level.name().toLowerCase(java.util.Locale.ROOT)
                + " update of " + currentTag + " (" + spec + ")");
    }

    private boolean withinLevel(SemVer now, SemVer v) {
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
