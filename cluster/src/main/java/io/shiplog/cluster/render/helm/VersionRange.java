package io.shiplog.cluster.render.helm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chart version constraint as Helm and Flux read it: comparisons ({@code =, !=, >, <, >=, <=}), {@code ~} and
 * {@code ^}, wildcards ({@code 1.2.x}, {@code *}), hyphen ranges ({@code 1.2 - 1.4}), AND by comma or space and OR by
 * {@code ||}. A prerelease version matches only a range that names a prerelease, as in Helm.
 */
final class VersionRange {

    private static final Pattern TERM = Pattern.compile(
            "(!=|>=|=>|<=|=<|~>|[=<>~^])?\\s*v?([0-9xX*]+)(?:\\.([0-9xX*]+))?(?:\\.([0-9xX*]+))?(?:-([0-9A-Za-z.-]+))?"
                    + "(?:\\+[0-9A-Za-z.-]+)?");
    private static final Pattern HYPHEN = Pattern.compile("(\\S+)\\s+-\\s+(\\S+)");

    private final String text;
    private final List<List<Predicate<ChartVersion>>> alternatives;
    private final boolean allowsPrerelease;

    private VersionRange(String text, List<List<Predicate<ChartVersion>>> alternatives, boolean allowsPrerelease) {
        this.text = text;
        this.alternatives = alternatives;
        this.allowsPrerelease = allowsPrerelease;
    }

    /** The range in {@code text} (blank: any release); an {@link IllegalArgumentException} names what is wrong. */
    static VersionRange parse(String text) {
        String source = text == null || text.isBlank() ? "*" : text.strip();
        List<List<Predicate<ChartVersion>>> alternatives = new ArrayList<>();
        boolean prerelease = false;
        for (String alternative : source.split("\\|\\|")) {
            String and = HYPHEN.matcher(alternative.strip()).replaceAll(">=$1 <=$2");
            and = and.replaceAll("(!=|>=|=>|<=|=<|~>|[=<>~^])\\s+", "$1");
            List<Predicate<ChartVersion>> terms = new ArrayList<>();
            for (String term : and.split("[,\\s]+")) {
                if (term.isEmpty()) {
                    continue;
                }
                Matcher m = TERM.matcher(term);
                if (!m.matches()) {
                    throw new IllegalArgumentException("\"" + term + "\" in version range \"" + source
                            + "\" is not a version constraint");
                }
                prerelease |= m.group(5) != null;
                terms.add(term(m));
            }
            if (terms.isEmpty()) {
                throw new IllegalArgumentException("version range \"" + source + "\" has an empty alternative");
            }
            alternatives.add(terms);
        }
        return new VersionRange(source, alternatives, prerelease);
    }

    /** Whether it names exactly one version ({@code 1.2.3}, {@code =1.2.3}), which is then returned. */
    Optional<String> exactVersion() {
        Matcher m = TERM.matcher(text);
        boolean exact = m.matches() && (m.group(1) == null || m.group(1).equals("=")) && m.group(4) != null
                && isNumber(m.group(2)) && isNumber(m.group(3)) && isNumber(m.group(4));
        return exact ? Optional.of(text.startsWith("=") ? text.substring(1).strip() : text) : Optional.empty();
    }

    boolean matches(ChartVersion version) {
        if (version.isPrerelease() && !allowsPrerelease) {
            return false;
        }
        return alternatives.stream().anyMatch(terms -> terms.stream().allMatch(t -> t.test(version)));
    }

    /** The newest of {@code versions} (as written) in the range. */
    Optional<String> newest(Collection<String> versions) {
        return versions.stream().map(ChartVersion::parse).flatMap(Optional::stream).filter(this::matches)
                .max(ChartVersion::compareTo).map(ChartVersion::text);
    }

    @Override
    public String toString() {
        return text;
    }

    private static boolean isNumber(String part) {
        return part != null && part.chars().allMatch(Character::isDigit);
    }

    private static Predicate<ChartVersion> term(Matcher m) {
        String op = m.group(1) == null ? "=" : m.group(1);
        if (!isNumber(m.group(2))) {
            return v -> true;
        }
        long major = Long.parseLong(m.group(2));
        boolean hasMinor = isNumber(m.group(3));
        boolean hasPatch = hasMinor && isNumber(m.group(4));
        long minor = hasMinor ? Long.parseLong(m.group(3)) : 0;
        long patch = hasPatch ? Long.parseLong(m.group(4)) : 0;
        String pre = m.group(5) == null ? "" : m.group(5);
        ChartVersion low = new ChartVersion(major, minor, patch, pre, "");
        // the first version after everything the written (possibly partial) version covers
        ChartVersion next = !hasMinor ? new ChartVersion(major + 1, 0, 0, "", "")
                : !hasPatch ? new ChartVersion(major, minor + 1, 0, "", "")
                : new ChartVersion(major, minor, patch + 1, "", "");
        boolean partial = !hasPatch;
        return switch (op) {
            case "=" -> partial ? v -> within(v, low, next) : v -> v.compareTo(low) == 0;
            case "!=" -> partial ? v -> !within(v, low, next) : v -> v.compareTo(low) != 0;
            case ">" -> partial ? v -> v.compareTo(next) >= 0 : v -> v.compareTo(low) > 0;
            case ">=", "=>" -> v -> v.compareTo(low) >= 0;
            case "<" -> v -> v.compareTo(low) < 0;
            case "<=", "=<" -> partial ? v -> v.compareTo(next) < 0 : v -> v.compareTo(low) <= 0;
            case "~", "~>" -> {
                ChartVersion upper = hasMinor ? new ChartVersion(major, minor + 1, 0, "", "")
                        : new ChartVersion(major + 1, 0, 0, "", "");
                yield v -> within(v, low, upper);
            }
            case "^" -> {
                ChartVersion upper = major > 0 || !hasMinor ? new ChartVersion(major + 1, 0, 0, "", "")
                        : minor > 0 || !hasPatch ? new ChartVersion(0, minor + 1, 0, "", "")
                        : new ChartVersion(0, 0, patch + 1, "", "");
                yield v -> within(v, low, upper);
            }
            default -> throw new IllegalArgumentException("unknown operator " + op);
        };
    }

    private static boolean within(ChartVersion v, ChartVersion low, ChartVersion upper) {
        return v.compareTo(low) >= 0 && v.compareTo(upper) < 0;
    }
}
