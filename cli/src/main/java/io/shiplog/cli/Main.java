package io.shiplog.cli;

import io.shiplog.cli.common.CommonOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
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
        return configure(new CommandLine(new ShiplogCommand()));
    }

    /** {@code cli} with the shared conventions ({@link CommonOptions}) and failures reported by {@link #reportFailure}. */
    public static CommandLine configure(CommandLine cli) {
        return CommonOptions.configure(cli).setExecutionExceptionHandler(Main::reportFailure);
    }

    /**
     * A command that failed with an exception: its message on one line and exit status 1; the stack trace only with
     * {@code SHIPLOG_DEBUG=1}.
     */
    public static int reportFailure(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        command.getErr().println("shiplog " + command.getCommandName() + ": " + describe(failure));
        if ("1".equals(System.getenv("SHIPLOG_DEBUG"))) {
            failure.printStackTrace(command.getErr());
        }
        command.getErr().flush();
        return 1;
    }

    /** The failure's message; Kafka's refusals say which of authentication or authorization failed. */
    static String describe(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException refused) {
                return "Kafka authentication failed (check the SASL/TLS client properties: --config, "
                        + "--kafka-properties, --kafka-property): " + refused.getMessage();
            }
            if (cause instanceof AuthorizationException denied) {
                return "Kafka authorization failed (the principal lacks an ACL, see README \"Kafka ACLs\"): "
                        + denied.getMessage();
            }
        }
        return failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
    }
}
