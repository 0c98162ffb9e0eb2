package io.shiplog.auditor.drift.compare;

import java.util.ArrayList;
import java.util.List;

/** RFC 6901 JSON pointers: building them from tokens and telling whether one lies under another. */
public final class JsonPointer {

    private JsonPointer() {
    }

    /** {@code parent} extended by one reference token, escaped ({@code ~} → {@code ~0}, {@code /} → {@code ~1}). */
    public static String child(String parent, String token) {
        return parent + "/" + token.replace("~", "~0").replace("/", "~1");
    }

    public static String child(String parent, int index) {
        return parent + "/" + index;
    }

    /** The unescaped reference tokens of {@code pointer}; empty for the whole document ({@code ""}). */
    public static List<String> tokens(String pointer) {
        List<String> tokens = new ArrayList<>();
        if (pointer.isEmpty()) {
            return tokens;
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("'" + pointer + "' is not a JSON pointer: it must start with '/'");
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    /** Whether {@code pointer} is {@code prefix} or lies beneath it ({@code /spec/replicas} is under {@code /spec}). */
    public static boolean isAtOrUnder(String pointer, String prefix) {
        return pointer.equals(prefix) || prefix.isEmpty() || pointer.startsWith(prefix + "/");
    }
}
