package io.shiplog.cli.config;

import io.shiplog.cli.common.CommonOptions;
import io.shiplog.cli.common.OutputOptions;
import io.shiplog.cli.context.ContextFile;
import io.shiplog.cli.context.ContextSelection;
import io.shiplog.cli.context.ShiplogContext;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shiplog config get-contexts|use-context}: the contexts of the context file, like kubectl's. */
final class ContextCommands {

    private ContextCommands() {
    }

    /** {@code shiplog config get-contexts}: every context, the current one marked; references, never secrets. */
    @Command(name = "get-contexts", mixinStandardHelpOptions = true,
            description = "List the contexts of the context file (* marks the current one). Secrets show as the "
                    + "reference (env:NAME, file:PATH) they are read from, never as values.")
    static final class GetContexts implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ContextFile file = ContextSelection.file(spec);
            String current = file.currentContext().orElse("");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ShiplogContext c : file.contexts()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", c.name());
                row.put("current", c.name().equals(current));
                row.put("user", c.user().orElse(null));
                row.put("bootstrapServers", c.bootstrapServers().orElse(null));
                row.put("schemaRegistry", c.schemaRegistry().orElse(null));
                row.put("kafkaProperties", new ArrayList<>(c.kafkaProperties().keySet()));
                row.put("auditUrl", c.auditUrl().orElse(null));
                row.put("auditToken", c.auditToken().orElse(null));
                row.put("services", c.services());
                rows.add(row);
            }
            if (output.printStructured(OutputOptions.tree(Map.of("file", file.path().toString(), "contexts", rows)),
                    out)) {
                return CommonOptions.OK;
            }
            if (file.contexts().isEmpty()) {
                out.println("no contexts in " + file.path() + " (see README \"Command line\")");
                return CommonOptions.OK;
            }
            out.printf("%-8s %-16s %-28s %-32s %s%n", "CURRENT", "NAME", "KAFKA", "AUDIT", "TOKEN");
            for (ShiplogContext c : file.contexts()) {
                out.printf("%-8s %-16s %-28s %-32s %s%n", c.name().equals(current) ? "*" : "", c.name(),
                        c.bootstrapServers().orElse("-"), c.auditUrl().orElse("-"), c.auditToken().orElse("-"));
            }
            out.flush();
            return CommonOptions.OK;
        }
    }

    /** {@code shiplog config use-context NAME}: sets {@code current-context}. */
    @Command(name = "use-context", mixinStandardHelpOptions = true,
            description = "Make NAME the current context of the context file.")
    static final class UseContext implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            ContextFile file = ContextSelection.file(spec);
            if (file.named(name).isEmpty()) {
                spec.commandLine().getErr().println("shiplog config use-context: no context named '" + name + "' in "
                        + file.path() + "; it has " + file.contexts().stream().map(ShiplogContext::name).toList());
                return CommonOptions.FAILED;
            }
            file.useContext(name);
            spec.commandLine().getOut().println("current context: " + name + " (" + file.path() + ")");
            return CommonOptions.OK;
        }
    }
}
