package io.shiplog.cli.audit;

import io.shiplog.cli.common.CommonOptions;
import io.shiplog.cli.common.OutputOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * A command that asks the audit API once and prints a table, or the answer as JSON or YAML ({@code -o}); a refusal
 * (404, 400, 401) exits 1 with the API's message.
 */
public abstract class ApiQuery implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Mixin
    protected AuditApiOptions api;

    @Mixin
    protected OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            JsonNode answer = fetch(api.http());
            if (!output.printStructured(answer, out)) {
                table(answer, out);
            }
            return CommonOptions.OK;
        } catch (AuditHttp.ApiException e) {
            spec.commandLine().getErr().println(command() + ": " + e.getMessage());
            return CommonOptions.FAILED;
        }
    }

    /** How error lines begin, e.g. {@code shiplog audit}. */
    protected abstract String command();

    /** Asks the API. */
    protected abstract JsonNode fetch(AuditHttp http);

    /** Prints the API's answer as a table. */
    protected abstract void table(JsonNode answer, PrintWriter out);
}
