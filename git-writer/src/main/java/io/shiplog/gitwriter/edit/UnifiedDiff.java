package io.shiplog.gitwriter.edit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code diff -u} format, 3 lines of context) of a file before and after value edits. Edits never
 * add or remove lines, so lines pair one to one; should the counts differ, the whole file is one hunk.
 */
public final class UnifiedDiff {

    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    public static String of(String path, byte[] before, byte[] after) {
        List<String> a = lines(new String(before, StandardCharsets.UTF_8));
        List<String> b = lines(new String(after, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        out.append("--- a/").append(path).append('\n').append("+++ b/").append(path).append('\n');
        if (a.size() != b.size()) {
            hunk(out, a, b, 0, a.size(), 0, b.size());
            return out.toString();
        }
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                changed.add(i);
            }
        }
        int i = 0;
        while (i < changed.size()) {
            int from = Math.max(0, changed.get(i) - CONTEXT);
            int j = i;
            while (j + 1 < changed.size() && changed.get(j + 1) - changed.get(j) <= 2 * CONTEXT) {
                j++;
            }
            int to = Math.min(a.size(), changed.get(j) + CONTEXT + 1);
            out.append("@@ -").append(range(from, to - from)).append(" +").append(range(from, to - from)).append(" @@\n");
            for (int k = from; k < to; k++) {
                if (a.get(k).equals(b.get(k))) {
                    line(out, ' ', a.get(k));
                } else {
                    line(out, '-', a.get(k));
                    line(out, '+', b.get(k));
                }
            }
            i = j + 1;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<String> a, List<String> b, int af, int at, int bf, int bt) {
        out.append("@@ -").append(range(af, at - af)).append(" +").append(range(bf, bt - bf)).append(" @@\n");
        a.subList(af, at).forEach(l -> line(out, '-', l));
        b.subList(bf, bt).forEach(l -> line(out, '+', l));
    }

    private static String range(int from, int count) {
        return count == 1 ? String.valueOf(from + 1) : (count == 0 ? from : from + 1) + "," + count;
    }

    private static void line(StringBuilder out, char sign, String line) {
        boolean noNewline = !line.endsWith("\n");
        String body = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        if (body.endsWith("\r")) {
            body = body.substring(0, body.length() - 1);
        }
        out.append(sign).append(body).append('\n');
        if (noNewline) {
            out.append("\\ No newline at end of file\n");
        }
    }

    /** Lines with their terminators, so a missing final newline is visible. */
    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
