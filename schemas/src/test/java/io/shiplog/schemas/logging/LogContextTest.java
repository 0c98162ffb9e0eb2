package io.shiplog.schemas.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void aScopeAddsItsValuesAndRestoresTheOuterOnesWhenClosed() {
        try (LogContext.Scope outer = LogContext.with().cluster("prod").correlationId("release-1").open()) {
            try (LogContext.Scope inner = LogContext.with().cluster("staging").commit("abc123").open()) {
                assertThat(MDC.getCopyOfContextMap()).containsEntry("cluster", "staging")
                        .containsEntry("commit", "abc123").containsEntry("correlationId", "release-1");
            }
            assertThat(MDC.getCopyOfContextMap()).containsEntry("cluster", "prod")
                    .containsEntry("correlationId", "release-1").doesNotContainKey("commit");
        }
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void blankValuesAreLeftOut() {
        try (LogContext.Scope scope = LogContext.with().cluster("prod").commit("").correlationId(null).open()) {
            assertThat(MDC.getCopyOfContextMap()).containsOnlyKeys("cluster");
        }
    }
}
