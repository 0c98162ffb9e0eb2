package io.shiplog.cli.config;

import io.shiplog.fleet.FleetLoad;
import io.shiplog.fleet.FleetProblem;
import io.shiplog.fleet.read.FleetFile;
import io.shiplog.fleet.read.FleetLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shiplog config check [FILE]}: checks a fleet file exactly as the services do at start-up (references
 * resolved from this environment and disk, tuning sections checked by every service on the class path) and prints
 * every problem as {@code file:line:column: key: message}. Exit 0 valid, 1 problems, 2 bad usage.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a fleet file (shiplog.yaml) as the services will at start-up: every problem, one a line, "
                + "as file:line:column: key: message. Secret values are never printed.",
            "FILE defaults to $SHIPLOG_CONFIG, else ./shiplog.yaml."},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:the file is valid", "1:the file has problems (or cannot be read)", "2:bad usage"})
public final class ConfigCheckCommand implements Callable<Integer> {

    /** The file is valid. */
    public static final int VALID = 0;
    /** The file has problems. */
    public static final int PROBLEMS = 1;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The fleet file (default: $SHIPLOG_CONFIG, else ./shiplog.yaml).")
    Path file;

    private final Function<String, String> environment;

    public ConfigCheckCommand() {
        this(System::getenv);
    }

    /** With another environment, for {@code SHIPLOG_CONFIG} and {@code ${env:}} references. */
    public ConfigCheckCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path path = file != null ? file : defaultFile();
        FleetLoad load = FleetLoader.defaults().withEnvironment(environment).load(path);
        if (load instanceof FleetLoad.Valid valid) {
            out.println("fleet file " + path + " is valid: " + valid.fleet().summary());
            return VALID;
        }
        for (FleetProblem problem : load.problems()) {
            out.println(problem.render());
        }
        int count = load.problems().size();
        err.println("fleet file " + path + " is invalid: " + count + (count == 1 ? " problem" : " problems"));
        return PROBLEMS;
    }

    private Path defaultFile() {
        String named = environment.apply(FleetFile.ENVIRONMENT_VARIABLE);
        return named == null || named.isBlank() ? Path.of(FleetFile.DEFAULT_NAME) : Path.of(named.strip());
    }
}
