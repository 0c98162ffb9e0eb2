package io.shiplog.fleet;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What loading a fleet file gave: a {@link Valid} fleet or every {@link Invalid#problems() problem} found. Both know
 * the {@link #inputs() files} read besides the fleet file ({@code ${file:}} references, kubeconfigs), which the
 * watcher re-checks.
 */
public sealed interface FleetLoad permits FleetLoad.Valid, FleetLoad.Invalid {

    /** The fleet file as given. */
    Path file();

    /** Other files this load read or looked for. */
    Set<Path> inputs();

    /** Every problem, in file order; empty when valid. */
    List<FleetProblem> problems();

    /** The fleet, or {@link InvalidFleetException} with every problem. */
    Fleet orThrow();

    /** A loaded, valid fleet. */
    record Valid(Fleet fleet, Set<Path> inputs) implements FleetLoad {
        public Valid {
            inputs = Set.copyOf(inputs);
        }

        @Override
        public Path file() {
            return fleet.file();
        }

        @Override
        public List<FleetProblem> problems() {
            return List.of();
        }

        @Override
        public Fleet orThrow() {
            return fleet;
        }
    }

    /** A fleet file with problems (at least one). */
    record Invalid(Path file, List<FleetProblem> problems, Set<Path> inputs) implements FleetLoad {
        public Invalid {
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid fleet file has at least one problem");
            }
            problems = List.copyOf(problems);
            inputs = Set.copyOf(inputs);
        }

        @Override
        public Fleet orThrow() {
            throw new InvalidFleetException(file, problems);
        }
    }
}
