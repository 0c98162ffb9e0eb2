package io.shiplog.auditor.query;

import java.util.Locale;

/**
 * Which delivery rows a DORA answer holds: one per week and cluster ({@link By#CLUSTER}) or per week, cluster and
 * application ({@link By#APPLICATION}), and the page of them ({@code limit} rows from {@code offset}, in the rows'
 * order).
 */
public record DoraRows(By by, int limit, int offset) {

    /** The rows asked for when {@code limit} is not given. */
    public static final int DEFAULT_LIMIT = 1000;
    /** The most rows one answer holds. */
    public static final int MAX_LIMIT = 5000;

    /** How the deliveries are grouped. */
    public enum By {
        /** One row per week and cluster, the cluster's applications pooled. */
        CLUSTER,
        /** One row per week, cluster and application. */
        APPLICATION;

        /** The parameter's value for this mode. */
        public String parameter() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DoraRows {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidQueryException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (offset < 0) {
            throw new InvalidQueryException("offset must be 0 or more, got " + offset);
        }
    }

    /**
     * The rows a request asks for: {@code by} ({@code cluster} or {@code application}) or, when it is not given, by
     * cluster for the whole organisation (neither {@code cluster} nor {@code application}) and by application
     * otherwise.
     */
    public static DoraRows of(String by, int limit, int offset, String cluster, String application) {
        return new DoraRows(by(by, cluster, application), limit, offset);
    }

    private static By by(String by, String cluster, String application) {
        if (by == null || by.isBlank()) {
            return cluster == null && application == null ? By.CLUSTER : By.APPLICATION;
        }
        for (By mode : By.values()) {
            if (mode.parameter().equals(by)) {
                return mode;
            }
        }
        throw new InvalidQueryException("by must be '" + By.CLUSTER.parameter() + "' or '"
                + By.APPLICATION.parameter() + "', got '" + by + "'");
    }

    /** The rows of this page among {@code total}: [start, end). */
    int start(int total) {
        return Math.min(offset, total);
    }

    int end(int total) {
        return (int) Math.min((long) offset + limit, total);
    }
}
