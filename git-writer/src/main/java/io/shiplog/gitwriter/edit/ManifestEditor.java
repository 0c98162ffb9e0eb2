package io.shiplog.gitwriter.edit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Byte-exact edits: splices new scalar text into the original bytes at the spans the scan recorded, and copies
 * every other byte unchanged (comments, key order, quoting, indentation, flow style, anchors, document separators,
 * CRLF, BOM, a missing final newline). Never re-serialises YAML.
 */
public final class ManifestEditor {

    private ManifestEditor() {
    }

    /**
     * Returns the new bytes of one file.
     *
     * @throws EditConflictException when a span no longer holds the scanned source text, or two changes overlap
     */
    public static byte[] apply(byte[] original, List<ValueChange> changes) throws EditConflictException {
        List<ValueChange> sorted = new ArrayList<>(changes);
        sorted.sort(Comparator.comparingInt(c -> c.slot().span().start()));
        List<ValueChange> unique = new ArrayList<>();
        for (ValueChange c : sorted) {
            ValueChange last = unique.isEmpty() ? null : unique.get(unique.size() - 1);
            if (last != null && last.slot().span().equals(c.slot().span())) {
                if (!last.to().equals(c.to())) {
                    throw new EditConflictException(c.path() + ":" + c.slot().line() + " " + c.slot().field()
                            + ": two changes want different values, " + last.to() + " and " + c.to());
                }
                continue;
            }
            if (last != null && c.slot().span().start() < last.slot().span().end()) {
                throw new EditConflictException(c.path() + ":" + c.slot().line() + ": overlapping changes");
            }
            unique.add(c);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(original.length + 64 * unique.size());
        int copied = 0;
        for (ValueChange c : unique) {
            int start = c.slot().span().start();
            int end = c.slot().span().end();
            if (end > original.length || start < copied) {
                throw conflict(c, "is outside the file");
            }
            String found = new String(Arrays.copyOfRange(original, start, end), StandardCharsets.UTF_8);
            if (!found.equals(c.slot().span().source())) {
                throw conflict(c, "holds '" + found + "', not the scanned '" + c.slot().span().source() + "'");
            }
            out.write(original, copied, start - copied);
            out.writeBytes(ScalarWriter.render(c.slot().span(), c.from(), c.to()).getBytes(StandardCharsets.UTF_8));
            copied = end;
        }
        out.write(original, copied, original.length - copied);
        return out.toByteArray();
    }

    private static EditConflictException conflict(ValueChange c, String what) {
        return new EditConflictException(c.path() + ":" + c.slot().line() + " " + c.slot().field() + " " + what
                + "; the file changed since it was scanned");
    }
}
