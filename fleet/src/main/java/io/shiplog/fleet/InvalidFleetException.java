package io.shiplog.fleet;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A fleet file that cannot be used; the message is {@code invalid fleet file <path>:} and one problem a line. */
public class InvalidFleetException extends IllegalStateException {

    private final transient Path file;
    private final transient List<FleetProblem> problems;

    public InvalidFleetException(Path file, List<FleetProblem> problems) {
        super("invalid fleet file " + file + ":" + problems.stream().map(FleetProblem::render)
                .collect(Collectors.joining("\n", "\n", "")));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public Path file() {
        return file;
    }

    public List<FleetProblem> problems() {
        return problems;
    }
}
