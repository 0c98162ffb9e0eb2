package io.shiplog.auditor;

import io.shiplog.auditor.query.DoraQuery;
import io.shiplog.auditor.query.HistoryQueries;
import io.shiplog.auditor.query.StateQueries;
import io.shiplog.auditor.query.TraceQuery;
import io.shiplog.auditor.store.AuditStore;
import io.shiplog.auditor.config.AuditStoreProperties;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The audit store (migrated at start-up) and the queries on it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditStoreProperties.class)
public class AuditStoreConfiguration {

    @Bean(destroyMethod = "close")
    AuditStore auditStore(AuditStoreProperties properties) {
        return AuditStore.open(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    StateQueries stateQueries(AuditStore store) {
        return new StateQueries(store.queries());
    }

    @Bean
    TraceQuery traceQuery(AuditStore store) {
        return new TraceQuery(store.queries());
    }

    @Bean
    HistoryQueries historyQueries(AuditStore store) {
        return new HistoryQueries(store.queries());
    }

    @Bean
    DoraQuery doraQuery(AuditStore store) {
        return new DoraQuery(store.queries());
    }
}
