package io.shiplog.gitwriter.manifest;

import java.util.List;

/**
 * The first-pass result for one repository entry ({@link ManifestScanner#scanFile}): its problems and, for a YAML
 * file that mentions automation, the parsed documents. Immutable; depends only on the entry's content, so it can be
 * cached by blob id between commits.
 */
public final class FileScan {

    private final String path;
    private final ParsedFile file;
    private final List<ScanProblem> problems;

    FileScan(String path, ParsedFile file, List<ScanProblem> problems) {
        this.path = path;
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public String path() {
        return path;
    }

    /** Whether the file was parsed (a YAML file mentioning a marker or annotation prefix, without problems). */
    public boolean parsed() {
        return file != null;
    }

    public List<ScanProblem> problems() {
        return problems;
    }

    ParsedFile file() {
        return file;
    }

    @Override
    public String toString() {
        return path + (parsed() ? " (parsed)" : "") + (problems.isEmpty() ? "" : " " + problems);
    }
}
