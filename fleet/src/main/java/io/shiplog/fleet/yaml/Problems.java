package io.shiplog.fleet.yaml;

import io.shiplog.fleet.FleetProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** The problems found in one fleet file so far, placed at SnakeYAML marks (0-based) rendered 1-based. */
public final class Problems {

    private final Path file;
    private final List<FleetProblem> found = new ArrayList<>();

    public Problems(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** A problem at a node's start (the mapping for a missing key). */
    public void add(Node node, String path, String message) {
        add(node == null ? null : node.getStartMark(), path, message);
    }

    /** A problem at a mark; a null mark is the file's start. */
    public void add(Mark mark, String path, String message) {
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        found.add(new FleetProblem(file, line, column, path, message));
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public int count() {
        return found.size();
    }

    /** Every problem in file order (stable for problems at one place). */
    public List<FleetProblem> sorted() {
        List<FleetProblem> sorted = new ArrayList<>(found);
        sorted.sort(FleetProblem.IN_FILE_ORDER);
        return List.copyOf(sorted);
    }
}
