package io.shiplog.policy;

/**
 * Natural order of strings: runs of ASCII digits compare as numbers, everything else by UTF-16 code unit. A digit
 * run sorts before a non-digit run at the same position (as SemVer puts numeric identifiers first). Numbers equal
 * by value but written differently ({@code 01}, {@code 1}) fall back to plain string order, so the order is total.
 */
final class NaturalOrder {

    private NaturalOrder() {
    }

    static int compareIdentifiers(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            boolean da = isDigit(ca);
            boolean db = isDigit(cb);
            if (da && db) {
                int ei = runEnd(a, i);
                int ej = runEnd(b, j);
                int c = compareDigits(a, i, ei, b, j, ej);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else if (da != db) {
                return da ? -1 : 1;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int runEnd(String s, int from) {
        int end = from;
        while (end < s.length() && isDigit(s.charAt(end))) {
            end++;
        }
        return end;
    }

    private static int compareDigits(String a, int ai, int ae, String b, int bi, int be) {
        while (ai < ae - 1 && a.charAt(ai) == '0') {
            ai++;
        }
        while (bi < be - 1 && b.charAt(bi) == '0') {
            bi++;
        }
        int c = Integer.compare(ae - ai, be - bi);
        if (c != 0) {
            return c;
        }
        for (; ai < ae; ai++, bi++) {
            if (a.charAt(ai) != b.charAt(bi)) {
                return Character.compare(a.charAt(ai), b.charAt(bi));
            }
        }
        return 0;
    }
}
