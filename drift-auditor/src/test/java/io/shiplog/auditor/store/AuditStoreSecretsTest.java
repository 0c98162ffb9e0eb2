package io.shiplog.auditor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.shiplog.auditor.config.AuditStoreProperties;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class AuditStoreSecretsTest {

    @Test
    void aStoreThatCannotBeOpenedIsNamedWithoutThePasswordInItsUrlAnywhereInTheStackTrace() {
        Throwable failure = catchThrowable(() -> AuditStore.open(new AuditStoreProperties(
                "jdbc:no-such-driver://db.example/audit?user=shiplog&password=url-secret-4471", "shiplog",
                "property-secret-9902", 2)));

        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(failure).hasMessageContaining("jdbc:no-such-driver://db.example/audit?user=shiplog&password=***");
        assertThat(trace.toString()).doesNotContain("url-secret-4471", "property-secret-9902")
                .contains("Caused by");
    }
}
