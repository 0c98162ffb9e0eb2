package io.shiplog.gitwriter.git;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trailers Shiplog appends to its commit messages, so a restart can tell its commits apart and publish a
 * missing {@code ManifestsCommitted} with the same event id, correlation and causes.
 */
public final class CommitTrailers {

    /** The event id of the commit's {@code ManifestsCommitted}. */
    public static final String COMMIT = "Shiplog-Commit";
    /** The release (correlation id) of the commit. */
    public static final String CORRELATION = "Shiplog-Correlation";
    /** One per causing event id. */
    public static final String CAUSE = "Shiplog-Cause";
    /** The git-writer instance (its mirror directory) that made the commit. */
    public static final String WRITER = "Shiplog-Writer";

    private CommitTrailers() {
    }

    /** The trailer block for a message: a blank line, then one {@code Key: value} per line. */
    public static String block(String eventId, String correlationId, List<String> causes) {
        StringBuilder out = new StringBuilder("\n\n").append(COMMIT).append(": ").append(eventId).append('\n')
                .append(CORRELATION).append(": ").append(correlationId).append('\n');
        for (String cause : causes) {
            out.append(CAUSE).append(": ").append(cause).append('\n');
        }
        return out.toString();
    }

    /** The {@code Shiplog-*} trailers of the message's last paragraph. */
    public static Map<String, List<String>> parse(String message) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String[] paragraphs = message.strip().split("\n\\s*\n");
        String last = paragraphs[paragraphs.length - 1];
        for (String line : last.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                String key = line.substring(0, colon);
                if (key.equals(COMMIT) || key.equals(CORRELATION) || key.equals(CAUSE) || key.equals(WRITER)) {
                    out.computeIfAbsent(key, k -> new ArrayList<>()).add(line.substring(colon + 2).strip());
                }
            }
        }
        return out;
    }

    /** The message without the trailer block. */
    public static String strip(String message) {
        int at = message.lastIndexOf("\n\n" + COMMIT + ": ");
        return at < 0 ? message : message.substring(0, at);
    }
}
