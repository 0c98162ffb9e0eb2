package io.shiplog.cli.audit;

import picocli.CommandLine.Option;

/** Where the drift-auditor's audit API is and the API token for it (never printed). */
public final class AuditApiOptions {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:SHIPLOG_AUDIT_URL:-http://127.0.0.1:8184}",
            description = "Audit API base URL (default ${DEFAULT-VALUE}; env SHIPLOG_AUDIT_URL).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:SHIPLOG_AUDIT_TOKEN}",
            description = "API token: one of the fleet file's api.tokens (role read or write) or audit.token "
                    + "(default: env SHIPLOG_AUDIT_TOKEN).")
    String token;

    AuditHttp http() {
        return new AuditHttp(url, token);
    }
}
