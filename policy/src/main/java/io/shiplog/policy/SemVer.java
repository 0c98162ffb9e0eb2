package io.shiplog.policy;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version parsed from a tag. {@link #parse} reads tags the way Flux image policies do: exactly
 * {@code MAJOR.MINOR.PATCH} without leading zeros, an optional pre-release (numeric identifiers without leading
 * zeros) and build metadata, and one optional leading lowercase {@code v} ({@code 1.2}, {@code 7},
 * {@code 20240101}, {@code 01.2.3} and {@code V1.2.3} are not versions). {@link #parseLenient} reads them the way
 * Keel does (missing minor or patch count as 0, leading zeros allowed). Ordering is SemVer 2.0.0 precedence, as
 * both tools compare: numeric pre-release identifiers as numbers, alphanumeric ones in ASCII order, so
 * {@code rc.9 < rc.10} but {@code rc10 < rc9}. Build metadata does not take part in {@link #compareTo}; use
 * {@link #TAG_TIEBREAK} for a total order over tags.
 */
public record SemVer(BigInteger major, BigInteger minor, BigInteger patch, List<String> prerelease, String build)
        implements Comparable<SemVer> {

    private static final String IDENTIFIERS = "[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*";
    private static final Pattern STRICT = Pattern.compile(
            "v?(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(?:-(" + IDENTIFIERS + "))?(?:\\+(" + IDENTIFIERS + "))?");
    private static final Pattern LENIENT = Pattern.compile(
            "v?([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:-(" + IDENTIFIERS + "))?(?:\\+(" + IDENTIFIERS + "))?");
    /** Flux parses numbers as unsigned 64-bit, Keel as signed 64-bit; larger numbers make a tag no version. */
    private static final BigInteger MAX_UNSIGNED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger MAX_SIGNED = BigInteger.valueOf(Long.MAX_VALUE);

    public SemVer {
        prerelease = List.copyOf(prerelease);
    }

    public static SemVer of(long major, long minor, long patch, String... prerelease) {
        return new SemVer(BigInteger.valueOf(major), BigInteger.valueOf(minor), BigInteger.valueOf(patch),
                List.of(prerelease), null);
    }

    /**
     * The version a tag denotes for a Flux semver policy, empty when the tag is not one: what Masterminds semver's
     * {@code StrictNewVersion} accepts after one leading {@code v} is trimmed.
     */
    public static Optional<SemVer> parse(String tag) {
        if (tag == null || tag.length() > 256) {
            return Optional.empty();
        }
        Matcher m = STRICT.matcher(tag);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        for (String identifier : pre) {
            if (identifier.length() > 1 && identifier.charAt(0) == '0' && identifier.chars().allMatch(SemVer::isDigit)) {
                return Optional.empty();
            }
        }
        return version(m, pre, MAX_UNSIGNED);
    }

    /**
     * The version a tag denotes for Keel, empty when it is not one: Masterminds semver v1's {@code NewVersion}, an
     * optional lowercase {@code v}, one to three numbers (missing ones are 0, leading zeros allowed).
     */
    public static Optional<SemVer> parseLenient(String tag) {
        if (tag == null || tag.length() > 256) {
            return Optional.empty();
        }
        Matcher m = LENIENT.matcher(tag);
        if (!m.matches()) {
            return Optional.empty();
        }
        return version(m, m.group(4) == null ? List.of() : List.of(m.group(4).split("\\.")), MAX_SIGNED);
    }

    private static Optional<SemVer> version(Matcher m, List<String> pre, BigInteger max) {
        BigInteger major = number(m.group(1));
        BigInteger minor = number(m.group(2));
        BigInteger patch = number(m.group(3));
        if (major.compareTo(max) > 0 || minor.compareTo(max) > 0 || patch.compareTo(max) > 0) {
            return Optional.empty();
        }
        return Optional.of(new SemVer(major, minor, patch, pre, m.group(5)));
    }

    private static BigInteger number(String digits) {
        return digits == null ? BigInteger.ZERO : new BigInteger(digits);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** The pre-release part as written ({@code rc.1}), empty for a release. */
    public String prereleaseText() {
        return String.join(".", prerelease);
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
            c = compareIdentifier(prerelease.get(i), o.prerelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(prerelease.size(), o.prerelease.size());
    }

    /** SemVer 2.0.0 rule 11: numeric identifiers by value and below alphanumeric ones, which compare in ASCII order. */
    private static int compareIdentifier(String a, String b) {
        boolean na = !a.isEmpty() && a.chars().allMatch(SemVer::isDigit);
        boolean nb = !b.isEmpty() && b.chars().allMatch(SemVer::isDigit);
        if (na && nb) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (prerelease.isEmpty() ? "" : "-" + String.join(".", prerelease))
                + (build == null ? "" : "+" + build);
    }

    /**
     * Tie-break between tags denoting equal versions ({@code 1.4.0}, {@code v1.4.0}, {@code 1.4.0+b2}):
     * the tag that is greater in natural order wins, which is deterministic and prefers later build metadata.
     */
    public static final java.util.Comparator<String> TAG_TIEBREAK = NaturalOrder::compareIdentifiers;
}
