package io.shiplog.cli.audit;

import io.shiplog.cli.context.ContextSelection;
import io.shiplog.cli.context.ShiplogContext;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the drift-auditor's audit API is and the API token for it (never printed): options, their environment
 * variables, else the context's {@code audit} section.
 */
public final class AuditApiOptions {

    static final String DEFAULT_URL = "http://127.0.0.1:8184";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:SHIPLOG_AUDIT_URL}",
            description = "Audit API base URL (default: env SHIPLOG_AUDIT_URL, else the context's audit.url, else "
                    + DEFAULT_URL + ").")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:SHIPLOG_AUDIT_TOKEN}",
            description = "API token: one of the fleet file's api.tokens (role read or write) or audit.token "
                    + "(default: env SHIPLOG_AUDIT_TOKEN, else the context's audit.token reference).")
    String token;

    /** A client of the audit API these options name. */
    public AuditHttp http() {
        Optional<ShiplogContext> context = ContextSelection.current(command);
        String base = present(url) ? url : context.flatMap(ShiplogContext::auditUrl).orElse(DEFAULT_URL);
        String bearer = present(token) ? token
                : context.flatMap(c -> c.resolvedAuditToken(System::getenv)).orElse(null);
        return new AuditHttp(base, bearer);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
