package io.shiplog.cli.policy;

import io.shiplog.policy.TagCandidate;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads tags, one a line: {@code tag [created-at] [digest]} separated by blanks, the optional fields in any order;
 * created-at is an ISO-8601 instant or epoch milliseconds, a digest looks like {@code sha256:…}, {@code -} means
 * unknown. Blank lines and lines starting with {@code #} are skipped.
 */
final class TagList {

    private TagList() {
    }

    static List<TagCandidate> read(BufferedReader reader, String source) throws IOException {
        List<TagCandidate> out = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] fields = text.split("\\s+");
            if (fields.length > 3) {
                throw new IllegalArgumentException(source + ":" + number + ": expected 'tag [created-at] [digest]', got '" + text + "'");
            }
            String digest = null;
            Instant created = null;
            for (int i = 1; i < fields.length; i++) {
                String f = fields[i];
                if (f.equals("-")) {
                    continue;
                }
                if (f.matches("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}")) {
                    digest = f;
                } else {
                    created = instant(f, source, number);
                }
            }
            out.add(new TagCandidate(fields[0], digest, created));
        }
        return out;
    }

    private static Instant instant(String text, String source, int line) {
        try {
            return text.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(source + ":" + line + ": '" + text
                    + "' is neither a digest nor a time (ISO-8601 instant or epoch milliseconds)");
        }
    }
}
