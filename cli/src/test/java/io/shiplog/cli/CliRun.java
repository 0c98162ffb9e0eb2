package io.shiplog.cli;

import io.shiplog.cli.policy.PolicySelectCommand;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the {@code shiplog} command in this JVM with a given stdin, capturing stdout, stderr and the exit status. */
public record CliRun(int status, String out, String err) {

    public static CliRun run(String stdin, String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                if (type == PolicySelectCommand.class) {
                    return (K) new PolicySelectCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
                }
                return defaults.create(type);
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.configure(new CommandLine(new ShiplogCommand(), factory));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }
}
