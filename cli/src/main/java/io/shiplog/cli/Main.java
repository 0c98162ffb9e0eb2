package io.shiplog.cli;

import picocli.CommandLine;

/** Entry point of the {@code shiplog} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The operator's command line: every {@code shiplog} command, a failure reported by {@link #reportFailure}. */
    public static CommandLine commandLine() {
        return new CommandLine(new ShiplogCommand()).setExecutionExceptionHandler(Main::reportFailure);
    }

    /**
     * A command that failed with an exception: its message on one line and exit status 1; the stack trace only with
     * {@code SHIPLOG_DEBUG=1}.
     */
    public static int reportFailure(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        command.getErr().println("shiplog " + command.getCommandName() + ": " + message);
        if ("1".equals(System.getenv("SHIPLOG_DEBUG"))) {
            failure.printStackTrace(command.getErr());
        }
        command.getErr().flush();
        return 1;
    }
}
