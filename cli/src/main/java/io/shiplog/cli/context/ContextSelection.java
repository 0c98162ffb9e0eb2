package io.shiplog.cli.context;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The context a command runs in: {@code --context NAME} (env {@code SHIPLOG_CONTEXT}) of the context file
 * ({@code --context-file FILE}, see {@link ContextFile#locate}), else its {@code current-context}; none when neither.
 * Both options are the root command's, inherited by every subcommand.
 */
public final class ContextSelection {

    /** The option naming the context. */
    public static final String CONTEXT_OPTION = "--context";
    /** The option naming the context file. */
    public static final String FILE_OPTION = "--context-file";

    private ContextSelection() {
    }

    /** The context of {@code command} (a subcommand of {@code shiplog}); empty when none is configured. */
    public static Optional<ShiplogContext> current(CommandSpec command) {
        return file(command).select(value(command, CONTEXT_OPTION));
    }

    /** The context file {@code command} reads. */
    public static ContextFile file(CommandSpec command) {
        String file = value(command, FILE_OPTION);
        return ContextFile.read(ContextFile.locate(file == null ? null : Path.of(file), System::getenv));
    }

    /** Who asks: the context's user, else the operating system's. */
    public static String user(CommandSpec command) {
        return current(command).flatMap(ShiplogContext::user).orElse(System.getProperty("user.name"));
    }

    private static String value(CommandSpec command, String name) {
        for (CommandSpec spec = command; spec != null; spec = spec.parent()) {
            OptionSpec option = spec.findOption(name);
            Object value = option == null ? null : option.getValue();
            if (value != null && !value.toString().isBlank()) {
                return value.toString();
            }
        }
        return null;
    }
}
