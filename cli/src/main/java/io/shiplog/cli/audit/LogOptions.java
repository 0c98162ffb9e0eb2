package io.shiplog.cli.audit;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the release log is: the Kafka bootstrap servers and the schema registry. */
public final class LogOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:SHIPLOG_KAFKA:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}; env SHIPLOG_KAFKA).")
    public String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
            defaultValue = "${env:SHIPLOG_SCHEMA_REGISTRY:-http://127.0.0.1:8081}",
            description = "Schema registry URL (default ${DEFAULT-VALUE}; env SHIPLOG_SCHEMA_REGISTRY).")
    public String registryUrl;

    /** Client settings shared by the CLI's consumers and producers. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("schema.registry.url", registryUrl);
        return config;
    }
}
