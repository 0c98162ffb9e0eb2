package io.shiplog.schemas.spring;

import io.shiplog.schemas.registry.SchemaRegistryClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Reports the schema registry as up when it answers its global compatibility level. */
public final class SchemaRegistryHealthIndicator extends AbstractHealthIndicator {

    private final SchemaRegistryClient client;

    public SchemaRegistryHealthIndicator(SchemaRegistryClient client) {
        super("Schema registry health check failed");
        this.client = client;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up()
                .withDetail("registry", client.describe())
                .withDetail("compatibility", client.compatibility());
    }
}
