package io.shiplog.policy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semver range in the node-semver / Masterminds grammar: comparator sets joined by {@code ||}; within a set,
 * comparators separated by spaces or commas all must hold. Supported: {@code = != < <= => > >= =<}, x-ranges
 * ({@code 1.x}, {@code 1.2.*}, {@code *}), tilde ({@code ~1.2}), caret ({@code ^1.4}, {@code ^0.2.3}) and hyphen
 * ranges ({@code 1.2 - 2.3.4}). A leading {@code v} on versions is accepted.
 *
 * <p>Pre-releases: a pre-release version satisfies a comparator set only when some comparator of that set names a
 * pre-release itself ({@code >=1.4.0-0}, {@code ^2.0.0-rc.1}); otherwise pre-releases never match. That is
 * Masterminds semver's rule since v3.4.0 (one comparator with a pre-release opens its whole AND group, never
 * another {@code ||} alternative); before v3.4.0 every comparator had to name one. Versions are read by
 * {@link SemVer#parse}, so tags that are not full {@code MAJOR.MINOR.PATCH} versions never satisfy a range.
 */
public final class SemverRange {

    private static final Pattern PARTIAL = Pattern.compile(
            "[vV]?([0-9]+|[xX*])(?:\\.([0-9]+|[xX*]))?(?:\\.([0-9]+|[xX*]))?"
                    + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");
    private static final Pattern OPERATOR = Pattern.compile("(<=|=<|>=|=>|!=|==|=|<|>|~>|~|\\^)?\\s*(.*)");

    /** {@code OUTSIDE}: Masterminds' {@code !=} of a partial version ({@code !=1.x}, {@code !=1.2}). */
    private enum Op { EQ, NE, LT, LE, GT, GE, OUTSIDE }

    private record Comparator(Op op, SemVer version, boolean minorOpen) {
        Comparator(Op op, SemVer version) {
            this(op, version, false);
        }

        boolean test(SemVer v) {
            if (op == Op.OUTSIDE) {
                return !v.major().equals(version.major()) || (!minorOpen && !v.minor().equals(version.minor()));
            }
            int c = v.compareTo(version);
            return switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case OUTSIDE -> throw new IllegalStateException();
            };
        }
    }

    private record ComparatorSet(List<Comparator> comparators, boolean allowsPrerelease) {
        boolean test(SemVer v) {
            if (v.isPrerelease() && !allowsPrerelease) {
                return false;
            }
            for (Comparator c : comparators) {
                if (!c.test(v)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A version with some parts left open (x, X, * or missing): {@code null} marks an open part. */
    private record Partial(BigInteger major, BigInteger minor, BigInteger patch, List<String> pre) {
        SemVer floor() {
            return new SemVer(orZero(major), orZero(minor), orZero(patch), pre, null);
        }

        boolean exact() {
            return major != null && minor != null && patch != null;
        }
    }

    private final String text;
    private final List<ComparatorSet> sets;

    private SemverRange(String text, List<ComparatorSet> sets) {
        this.text = text;
        this.sets = sets;
    }

    /** Parses a range; throws {@link PolicyException} naming the range and the part that is wrong. */
    public static SemverRange parse(String range) {
        List<ComparatorSet> sets = new ArrayList<>();
        for (String alternative : range.split("\\|\\|", -1)) {
            sets.add(parseSet(range, alternative.strip()));
        }
        return new SemverRange(range, List.copyOf(sets));
    }

    public boolean test(SemVer version) {
        for (ComparatorSet set : sets) {
            if (set.test(version)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    private static ComparatorSet parseSet(String range, String set) {
        List<Comparator> out = new ArrayList<>();
        String[] hyphen = set.split("\\s+-\\s+");
        if (hyphen.length == 2) {
            Partial low = partial(range, hyphen[0].strip());
            Partial high = partial(range, hyphen[1].strip());
            out.add(new Comparator(Op.GE, low.floor()));
            addUpper(out, high, true);
        } else if (hyphen.length > 2) {
            throw new PolicyException("semver range '" + range + "': more than one hyphen in '" + set + "'");
        } else if (!set.isEmpty()) {
            List<String> tokens = tokens(set);
            for (String token : tokens) {
                desugar(range, token, out);
            }
        }
        return new ComparatorSet(List.copyOf(out), asksForPrerelease(set));
    }

    /** Splits on spaces and commas, gluing an operator written apart from its version ({@code >= 1.2}). */
    private static List<String> tokens(String set) {
        List<String> tokens = new ArrayList<>();
        String pending = "";
        for (String raw : set.split("[\\s,]+")) {
            if (raw.isEmpty()) {
                continue;
            }
            if (raw.matches("(<=|=<|>=|=>|!=|==|=|<|>|~>|~|\\^)")) {
                pending += raw;
                continue;
            }
            tokens.add(pending + raw);
            pending = "";
        }
        if (!pending.isEmpty()) {
            tokens.add(pending);
        }
        return tokens;
    }

    private static void desugar(String range, String token, List<Comparator> out) {
        Matcher m = OPERATOR.matcher(token);
        if (!m.matches()) {
            throw new PolicyException("semver range '" + range + "': cannot read '" + token + "'");
        }
        String op = m.group(1) == null ? "" : m.group(1);
        Partial p = partial(range, m.group(2).strip());
        switch (op) {
            case "^" -> caret(p, out);
            case "~", "~>" -> tilde(p, out);
            case "", "=" -> {
                if (p.exact()) {
                    out.add(new Comparator(Op.EQ, p.floor()));
                } else {
                    xRange(p, out);
                }
            }
            case "!=" -> {
                if (p.exact()) {
                    out.add(new Comparator(Op.NE, p.floor()));
                } else if (p.major == null) {
                    out.add(new Comparator(Op.LT, SemVer.of(0, 0, 0, "0")));
                } else {
                    // Masterminds: outside that major (!=1.x) or that major.minor (!=1.2)
                    out.add(new Comparator(Op.OUTSIDE, p.floor(), p.minor == null));
                }
            }
            case ">=", "=>" -> out.add(new Comparator(Op.GE, p.floor()));
            // Masterminds compares a partial upper bound as X.Y.0 itself: <1.2 admits 1.2.0-rc.1 when pre-releases count
            case "<" -> out.add(new Comparator(Op.LT, p.floor()));
            case "<=", "=<" -> addUpper(out, p, true);
            case ">" -> {
                if (p.exact()) {
                    out.add(new Comparator(Op.GT, p.floor()));
                } else if (p.major == null) {
                    out.add(new Comparator(Op.LT, SemVer.of(0, 0, 0, "0")));
                } else {
                    // Masterminds: >1.2 is a higher minor (or major), pre-releases of 1.3.0 included when they count
                    out.add(new Comparator(Op.GE, lowestOf(bump(p))));
                }
            }
            default -> throw new PolicyException("semver range '" + range + "': unknown operator '" + op + "'");
        }
    }

    /** Adds {@code <= p} (when p is exact) or {@code < next(p)-0} for a partial. */
    private static void addUpper(List<Comparator> out, Partial p, boolean inclusive) {
        if (p.major == null) {
            return;
        }
        if (p.exact()) {
            out.add(new Comparator(inclusive ? Op.LE : Op.LT, p.floor()));
        } else {
            out.add(new Comparator(Op.LT, lowestOf(bump(p))));
        }
    }

    private static void xRange(Partial p, List<Comparator> out) {
        if (p.major == null) {
            out.add(new Comparator(Op.GE, SemVer.of(0, 0, 0)));
            return;
        }
        out.add(new Comparator(Op.GE, p.floor()));
        out.add(new Comparator(Op.LT, lowestOf(bump(p))));
    }

    private static void tilde(Partial p, List<Comparator> out) {
        if (p.major == null || (p.exact() && p.floor().compareTo(SemVer.of(0, 0, 0)) == 0 && p.pre().isEmpty())) {
            // ~* and Masterminds' special case ~0.0.0: any version
            out.add(new Comparator(Op.GE, SemVer.of(0, 0, 0)));
            return;
        }
        out.add(new Comparator(Op.GE, p.floor()));
        SemVer upper = p.minor == null
                ? new SemVer(p.major.add(BigInteger.ONE), BigInteger.ZERO, BigInteger.ZERO, List.of(), null)
                : new SemVer(p.major, p.minor.add(BigInteger.ONE), BigInteger.ZERO, List.of(), null);
        out.add(new Comparator(Op.LT, lowestOf(upper)));
    }

    private static void caret(Partial p, List<Comparator> out) {
        if (p.major == null) {
            out.add(new Comparator(Op.GE, SemVer.of(0, 0, 0)));
            return;
        }
        out.add(new Comparator(Op.GE, p.floor()));
        SemVer upper;
        if (p.major.signum() > 0 || p.minor == null) {
            upper = new SemVer(p.major.add(BigInteger.ONE), BigInteger.ZERO, BigInteger.ZERO, List.of(), null);
        } else if (p.minor.signum() > 0 || p.patch == null) {
            upper = new SemVer(p.major, p.minor.add(BigInteger.ONE), BigInteger.ZERO, List.of(), null);
        } else {
            upper = new SemVer(p.major, p.minor, p.patch.add(BigInteger.ONE), List.of(), null);
        }
        out.add(new Comparator(Op.LT, lowestOf(upper)));
    }

    /** The next version after every version the partial covers: 1.x → 2.0.0, 1.2.x → 1.3.0. */
    private static SemVer bump(Partial p) {
        if (p.minor == null) {
            return new SemVer(p.major.add(BigInteger.ONE), BigInteger.ZERO, BigInteger.ZERO, List.of(), null);
        }
        if (p.patch == null) {
            return new SemVer(p.major, p.minor.add(BigInteger.ONE), BigInteger.ZERO, List.of(), null);
        }
        return new SemVer(p.major, p.minor, p.patch.add(BigInteger.ONE), List.of(), null);
    }

    /** {@code X.Y.Z-0}, the lowest version with that core, so an exclusive upper bound also excludes its pre-releases. */
    private static SemVer lowestOf(SemVer v) {
        return new SemVer(v.major(), v.minor(), v.patch(), List.of("0"), null);
    }

    /** Whether the user wrote a pre-release in the set (desugared bounds such as {@code <2.0.0-0} do not count). */
    private static boolean asksForPrerelease(String set) {
        for (String token : set.split("[\\s,]+")) {
            Matcher m = PARTIAL.matcher(token.replaceFirst("^(<=|=<|>=|=>|!=|==|=|<|>|~>|~|\\^)", ""));
            if (m.matches() && m.group(4) != null) {
                return true;
            }
        }
        return false;
    }

    private static Partial partial(String range, String text) {
        Matcher m = PARTIAL.matcher(text);
        if (!m.matches()) {
            throw new PolicyException("semver range '" + range + "': '" + text + "' is not a version");
        }
        BigInteger major = part(m.group(1));
        BigInteger minor = major == null ? null : part(m.group(2));
        BigInteger patch = minor == null ? null : part(m.group(3));
        List<String> pre = m.group(4) == null || patch == null ? List.of() : List.of(m.group(4).split("\\."));
        return new Partial(major, minor, patch, pre);
    }

    private static BigInteger part(String text) {
        return text == null || text.equalsIgnoreCase("x") || text.equals("*") ? null : new BigInteger(text);
    }

    private static BigInteger orZero(BigInteger n) {
        return n == null ? BigInteger.ZERO : n;
    }
}
