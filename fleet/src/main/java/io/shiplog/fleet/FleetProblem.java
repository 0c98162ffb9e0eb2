package io.shiplog.fleet;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a fleet file: where (file, 1-based line and column), which key ({@code clusters[2].kubeconfig},
 * empty for the file as a whole) and what is expected. Messages never hold a secret value.
 */
public record FleetProblem(Path file, int line, int column, String path, String message) {

    /** File order: by line, then column. */
    public static final Comparator<FleetProblem> IN_FILE_ORDER =
            Comparator.comparingInt(FleetProblem::line).thenComparingInt(FleetProblem::column);

    public FleetProblem {
        Objects.requireNonNull(file, "file");
        path = path == null ? "" : path;
        Objects.requireNonNull(message, "message");
    }

    /** {@code shiplog.yaml:12:5: clusters[2].kubeconfig: /nope is not a readable file}. */
    public String render() {
        return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }

    @Override
    public String toString() {
        return render();
    }
}
