package io.shiplog.cli.diff;

import java.util.ArrayList;
import java.util.List;

/** A unified diff ({@code diff -u}) of two texts, line by line, with three lines of context around each change. */
final class UnifiedDiff {

    static final int CONTEXT = 3;

    private enum Op { SAME, REMOVED, ADDED }

    private record Edit(Op op, String line, int oldLine, int newLine) {
    }

    private UnifiedDiff() {
    }

    /** The diff of {@code before} and {@code after} under the two header names; empty when the texts are equal. */
    static String of(String beforeName, String afterName, String before, String after) {
        List<Edit> edits = edits(lines(before), lines(after));
        if (edits.stream().allMatch(e -> e.op() == Op.SAME)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(beforeName).append('\n').append("+++ ").append(afterName).append('\n');
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).op() == Op.SAME) {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend the hunk while the next change is within two contexts of the last one
            while (end < edits.size()) {
                int next = end;
                while (next < edits.size() && edits.get(next).op() == Op.SAME) {
                    next++;
                }
                if (next == edits.size() || next - end > 2 * CONTEXT) {
                    end = Math.min(edits.size(), end + CONTEXT);
                    break;
                }
                end = next;
                while (end < edits.size() && edits.get(end).op() != Op.SAME) {
                    end++;
                }
            }
            hunk(edits.subList(start, end), out);
            i = end;
        }
        return out.toString();
    }

    private static void hunk(List<Edit> hunk, StringBuilder out) {
        int oldCount = 0;
        int newCount = 0;
        int oldStart = -1;
        int newStart = -1;
        for (Edit e : hunk) {
            if (e.op() != Op.ADDED) {
                oldCount++;
                oldStart = oldStart < 0 ? e.oldLine() : oldStart;
            }
            if (e.op() != Op.REMOVED) {
                newCount++;
                newStart = newStart < 0 ? e.newLine() : newStart;
            }
        }
        // an empty side starts at the line before the hunk, as diff -u prints it
        oldStart = oldCount == 0 ? hunk.get(0).oldLine() - 1 : oldStart;
        newStart = newCount == 0 ? hunk.get(0).newLine() - 1 : newStart;
        out.append("@@ -").append(range(oldStart, oldCount)).append(" +").append(range(newStart, newCount))
                .append(" @@\n");
        for (Edit e : hunk) {
            out.append(e.op() == Op.SAME ? ' ' : e.op() == Op.REMOVED ? '-' : '+').append(e.line()).append('\n');
        }
    }

    private static String range(int start, int count) {
        return count == 1 ? String.valueOf(start) : start + "," + count;
    }

    /** The shortest edit script by longest common subsequence; line numbers from 1 (the next line on each side). */
    private static List<Edit> edits(List<String> a, List<String> b) {
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                edits.add(new Edit(Op.SAME, a.get(i), ++i, ++j));
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                edits.add(new Edit(Op.REMOVED, a.get(i), ++i, j + 1));
            } else {
                edits.add(new Edit(Op.ADDED, b.get(j), i + 1, ++j));
            }
        }
        return edits;
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String trimmed = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(trimmed.split("\n", -1));
    }
}
