package io.shiplog.cluster.render.helm;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chart version as Helm reads it (semantic versioning, a leading {@code v} and missing minor or patch allowed).
 *
 * @param major      major
 * @param minor      minor
 * @param patch      patch
 * @param prerelease the part after {@code -}, empty for a release
 * @param text       as written
 */
record ChartVersion(long major, long minor, long patch, String prerelease, String text)
        implements Comparable<ChartVersion> {

    private static final Pattern VERSION = Pattern.compile(
            "v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?(?:\\+([0-9A-Za-z.-]+))?");

    /** The version in {@code text}, empty when it is none. */
    static Optional<ChartVersion> parse(String text) {
        Matcher m = VERSION.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChartVersion(Long.parseLong(m.group(1)), number(m.group(2)), number(m.group(3)),
                    m.group(4) == null ? "" : m.group(4), text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    @Override
    public int compareTo(ChartVersion other) {
        int c = Long.compare(major, other.major);
        if (c == 0) {
            c = Long.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, other.patch);
        }
        return c != 0 ? c : comparePrerelease(prerelease, other.prerelease);
    }

    private static int comparePrerelease(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() ? 1 : -1;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xNumeric = x[i].chars().allMatch(Character::isDigit);
            boolean yNumeric = y[i].chars().allMatch(Character::isDigit);
            int c;
            if (xNumeric && yNumeric) {
                c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            } else if (xNumeric != yNumeric) {
                c = xNumeric ? -1 : 1;
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
