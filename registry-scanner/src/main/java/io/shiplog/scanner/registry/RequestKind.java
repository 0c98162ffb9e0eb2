package io.shiplog.scanner.registry;

/** The kinds of registry request the scanner makes, counted separately (a registry's rate limits differ by kind). */
public enum RequestKind {
    TAGS_LIST, MANIFEST_HEAD, MANIFEST_GET, BLOB_GET, TOKEN;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
