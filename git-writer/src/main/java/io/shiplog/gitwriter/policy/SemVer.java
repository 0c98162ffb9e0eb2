package io.shiplog.gitwriter.policy;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version parsed from a tag. Lenient like Flux: an optional leading {@code v}, and a missing minor or
 * patch number counts as 0 ({@code v1.4} is 1.4.0). Ordering follows SemVer 2.0.0 with one documented change:
 * an alphanumeric pre-release identifier is compared in natural order, its runs of digits as numbers, so
 * {@code rc9 < rc10} as well as {@code rc.9 < rc.10}. Build metadata does not take part in {@link #compareTo};
 * use {@link #TAG_TIEBREAK} for a total order over tags.
 */
public record SemVer(BigInteger major, BigInteger minor, BigInteger patch, List<String> prerelease, String build)
        implements Comparable<SemVer> {

    private static final Pattern VERSION = Pattern.compile(
            "[vV]?(0|[1-9][0-9]*|[0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?"
                    + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

    public SemVer {
        prerelease = List.copyOf(prerelease);
    }

    public static SemVer of(long major, long minor, long patch, String... prerelease) {
        return new SemVer(BigInteger.valueOf(major), BigInteger.valueOf(minor), BigInteger.valueOf(patch),
                List.of(prerelease), null);
    }

    /** The version a tag denotes, empty when the tag is not a version. */
    public static Optional<SemVer> parse(String tag) {
        if (tag == null || tag.length() > 256) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(tag);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        return Optional.of(new SemVer(new BigInteger(m.group(1)), number(m.group(2)), number(m.group(3)), pre, m.group(5)));
    }

    private static BigInteger number(String digits) {
        return digits == null ? BigInteger.ZERO : new BigInteger(digits);
    }

    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    /** Same major, minor and patch, ignoring pre-release and build. */
    public boolean sameCore(SemVer other) {
        return major.equals(other.major) && minor.equals(other.minor) && patch.equals(other.patch);
    }

    public SemVer withoutPrerelease() {
        return new SemVer(major, minor, patch, List.of(), null);
    }

    @Override
    public int compareTo(SemVer o) {
        int c = major.compareTo(o.major);
        if (c == 0) {
            c = minor.compareTo(o.minor);
        }
        if (c == 0) {
            c = patch.compareTo(o.patch);
        }
        if (c != 0) {
            return c;
        }
        if (prerelease.isEmpty() || o.prerelease.isEmpty()) {
            return Boolean.compare(prerelease.isEmpty(), o.prerelease.isEmpty());
        }
        for (int i = 0; i < Math.min(prerelease.size(), o.prerelease.size()); i++) {
            c = NaturalOrder.compareIdentifiers(prerelease.get(i), o.prerelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(prerelease.size(), o.prerelease.size());
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (prerelease.isEmpty() ? "" : "-" + String.join(".", prerelease))
                + (build == null ? "" : "+" + build);
    }

    /**
     * Tie-break between tags denoting equal versions ({@code 1.4.0}, {@code v1.4.0}, {@code 1.4}, {@code 1.4.0+b2}):
     * the tag that is greater in natural order wins, which is deterministic and prefers later build metadata.
     */
    public static final java.util.Comparator<String> TAG_TIEBREAK = NaturalOrder::compareIdentifiers;
}
