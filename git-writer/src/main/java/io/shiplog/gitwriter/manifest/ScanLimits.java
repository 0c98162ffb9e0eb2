package io.shiplog.gitwriter.manifest;

/**
 * Bounds on what the scanner reads: files over {@code maxFileBytes} are reported, not parsed; a document with more
 * than {@code maxAliasesForCollections} aliases to collections or nested deeper than {@code maxNestingDepth} is
 * reported as a YAML bomb.
 */
public record ScanLimits(long maxFileBytes, int maxAliasesForCollections, int maxNestingDepth) {

    public ScanLimits {
        if (maxFileBytes < 1 || maxAliasesForCollections < 0 || maxNestingDepth < 1) {
            throw new IllegalArgumentException("scan limits must be positive: " + maxFileBytes + ", "
                    + maxAliasesForCollections + ", " + maxNestingDepth);
        }
    }

    /** 4 MiB per file, 50 aliases to collections (snakeyaml's default), 100 levels. */
    public static ScanLimits defaults() {
        return new ScanLimits(4L * 1024 * 1024, 50, 100);
    }
}
