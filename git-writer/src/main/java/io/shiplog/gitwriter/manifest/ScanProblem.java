package io.shiplog.gitwriter.manifest;

/** A file (or one marker in it) the scanner could not use: path, 1-based line (0 when unknown), message. */
public record ScanProblem(String path, int line, String message) {

    @Override
    public String toString() {
        return path + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
