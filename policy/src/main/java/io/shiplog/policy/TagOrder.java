package io.shiplog.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * How a policy ranks the keys of the tags that passed its filter; the highest rank wins. A key the order cannot
 * read (not a version in range, not a number) has no rank and is never chosen.
 */
abstract sealed class TagOrder {

    /** The rank of a candidate with ordering key {@code key}, empty when it has none. */
    abstract Optional<Comparable<?>> rank(String key, TagCandidate candidate);

    /** The rank of the current tag, to tell whether a move is backwards: like {@link #rank} but for any version. */
    Optional<Comparable<?>> currentRank(String key, TagCandidate candidate) {
        return rank(key, candidate);
    }

    /** Whether a current tag outside the filter can still be compared (versions, creation times: yes). */
    boolean comparesOutsideFilter() {
        return false;
    }

    /** Orders ranks so that the best is the greatest. */
    abstract Comparator<Comparable<?>> comparator();

    abstract String describe();

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Comparator<Comparable<?>> natural(boolean ascending) {
        Comparator<Comparable<?>> c = (a, b) -> ((Comparable) a).compareTo(b);
        return ascending ? c : c.reversed();
    }

    /**
     * Highest version satisfying a range. Tags are versions as Flux v2 reads them ({@link SemVer#parse}), or with
     * {@code lenient} as Flux v1 did ({@link SemVer#parseLenient}: {@code 1.2} is 1.2.0).
     */
    static final class Semver extends TagOrder {
        private final SemverRange range;
        private final boolean lenient;

        Semver(SemverRange range, boolean lenient) {
            this.range = range;
            this.lenient = lenient;
        }

        private Optional<SemVer> version(String key) {
            return lenient ? SemVer.parseLenient(key) : SemVer.parse(key);
        }

        @Override
        Optional<Comparable<?>> rank(String key, TagCandidate candidate) {
            return version(key).filter(range::test).map(v -> v);
        }

        @Override
        Optional<Comparable<?>> currentRank(String key, TagCandidate candidate) {
            return version(key).map(v -> v);
        }

        @Override
        boolean comparesOutsideFilter() {
            return true;
        }

        @Override
        Comparator<Comparable<?>> comparator() {
            return natural(true);
        }

        @Override
        String describe() {
            return "highest version in " + range;
        }
    }

    /** Flux's alphabetical order: {@code asc} chooses the last key in ascending order, {@code desc} the first. */
    static final class Alphabetical extends TagOrder {
        private final boolean ascending;

        Alphabetical(boolean ascending) {
            this.ascending = ascending;
        }

        @Override
        Optional<Comparable<?>> rank(String key, TagCandidate candidate) {
            return Optional.of(key);
        }

        @Override
        Comparator<Comparable<?>> comparator() {
            return natural(ascending);
        }

        @Override
        String describe() {
            return ascending ? "alphabetically last" : "alphabetically first";
        }
    }

    /** Flux's numerical order: keys read as decimal numbers; {@code asc} chooses the largest, {@code desc} the smallest. */
    static final class Numerical extends TagOrder {
        private final boolean ascending;

        Numerical(boolean ascending) {
            this.ascending = ascending;
        }

        @Override
        Optional<Comparable<?>> rank(String key, TagCandidate candidate) {
            if (key.isEmpty() || key.length() > 64) {
                return Optional.empty();
            }
            try {
                return Optional.of(new BigDecimal(key));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        @Override
        Comparator<Comparable<?>> comparator() {
            return natural(ascending);
        }

        @Override
        String describe() {
            return ascending ? "numerically largest" : "numerically smallest";
        }
    }

    /** Newest image creation time; tags whose creation time is unknown rank below every dated tag. */
    static final class Newest extends TagOrder {
        @Override
        Optional<Comparable<?>> rank(String key, TagCandidate candidate) {
            return Optional.of(candidate.createdAt() == null ? Instant.MIN : candidate.createdAt());
        }

        @Override
        Comparator<Comparable<?>> comparator() {
            return natural(true);
        }

        @Override
        boolean comparesOutsideFilter() {
            return true;
        }

        @Override
        String describe() {
            return "newest image";
        }
    }
}
