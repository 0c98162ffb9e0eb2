package io.shiplog.cli.context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One context of the context file, like a kubeconfig context: where the release log, the schema registry, the audit
 * API and the services' actuator endpoints are, and who asks. Secret values are references ({@link SecretReference}),
 * resolved only when a client needs them.
 *
 * @param name            the context's name
 * @param user            who asks on commands; empty: the operating system's user
 * @param bootstrapServers Kafka bootstrap servers
 * @param schemaRegistry  schema registry URL
 * @param kafkaProperties Kafka and registry client properties (a value may be a reference)
 * @param auditUrl        the drift-auditor's audit API
 * @param auditToken      the audit API token's reference
 * @param services        actuator base URLs by service name, for {@code shiplog status}
 */
public record ShiplogContext(String name, Optional<String> user, Optional<String> bootstrapServers,
                             Optional<String> schemaRegistry, Map<String, String> kafkaProperties,
                             Optional<String> auditUrl, Optional<String> auditToken, Map<String, String> services) {

    public ShiplogContext {
        kafkaProperties = Map.copyOf(kafkaProperties);
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** The client properties with references resolved (secrets: never print them). */
    public Map<String, String> resolvedKafkaProperties(Function<String, String> environment) {
        Map<String, String> resolved = new LinkedHashMap<>();
        kafkaProperties.forEach((key, value) -> resolved.put(key, SecretReference.isReference(value)
                ? SecretReference.resolve(value, "context " + name + " kafka property " + key, environment)
                : value));
        return resolved;
    }

    /** The audit API token, resolved. */
    public Optional<String> resolvedAuditToken(Function<String, String> environment) {
        return auditToken.map(ref -> SecretReference.resolve(ref, "context " + name + " audit.token", environment));
    }

    @Override
    public String toString() {
        return "ShiplogContext[" + name + ", kafka=" + bootstrapServers.orElse("-") + ", audit="
                + auditUrl.orElse("-") + ", properties=" + kafkaProperties.keySet() + "]";
    }
}
