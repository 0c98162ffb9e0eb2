package io.shiplog.cli.audit;

import io.shiplog.fleet.FleetLoad;
import io.shiplog.fleet.FleetProblem;
import io.shiplog.fleet.KafkaSpec;
import io.shiplog.fleet.read.FleetFile;
import io.shiplog.fleet.read.FleetLoader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where the CLI's Kafka clients connect and how they authenticate, from (lowest to highest precedence) the fleet
 * file's {@code kafka} section (secret references resolved as the services resolve them), a Java properties file and
 * single {@code KEY=VALUE} properties. Values are never part of a message: a secret may be among them.
 *
 * @param bootstrapServers the fleet file's bootstrap servers, if it names them
 * @param registryUrl      the fleet file's schema registry, if it names one
 * @param properties       Kafka and schema-registry client properties
 */
record KafkaClientSettings(Optional<String> bootstrapServers, Optional<String> registryUrl,
                           Map<String, String> properties) {

    KafkaClientSettings {
        properties = Map.copyOf(properties);
    }

    /**
     * @param fleetFile       a fleet file (another YAML, such as a cluster-applier configuration, is skipped)
     * @param propertiesFile  a Java properties file
     * @param single          {@code KEY=VALUE} properties
     * @param environment     what {@code ${env:}} references resolve against
     */
    static KafkaClientSettings read(Path fleetFile, Path propertiesFile, List<String> single,
                                    Function<String, String> environment) {
        Optional<String> bootstrap = Optional.empty();
        Optional<String> registry = Optional.empty();
        Map<String, String> properties = new LinkedHashMap<>();
        if (fleetFile != null && FleetFile.isFleetFile(fleetFile)) {
            Optional<KafkaSpec> kafka = fleetKafka(fleetFile, environment);
            if (kafka.isPresent()) {
                bootstrap = Optional.of(kafka.get().bootstrapServers());
                registry = kafka.get().schemaRegistry().map(Object::toString);
                properties.putAll(kafka.get().clientProperties());
            }
        }
        if (propertiesFile != null) {
            properties.putAll(propertiesFile(propertiesFile));
        }
        for (String property : single) {
            int equals = property.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--kafka-property needs KEY=VALUE, got an argument "
                        + (equals == 0 ? "without a key" : "without '='") + " (its value is not shown)");
            }
            properties.put(property.substring(0, equals).strip(), property.substring(equals + 1));
        }
        return new KafkaClientSettings(bootstrap, registry, properties);
    }

    private static Optional<KafkaSpec> fleetKafka(Path file, Function<String, String> environment) {
        FleetLoad load = FleetLoader.defaults().withEnvironment(environment).load(file);
        if (load instanceof FleetLoad.Valid valid) {
            return valid.fleet().kafka();
        }
        int count = load.problems().size();
        throw new IllegalArgumentException("--config " + file + " is not a valid fleet file (" + count
                + (count == 1 ? " problem" : " problems") + "; `shiplog config check " + file + "` lists them): "
                + load.problems().stream().limit(3).map(FleetProblem::render).collect(Collectors.joining("; ")));
    }

    private static Map<String, String> propertiesFile(Path file) {
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--kafka-properties " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            // Properties' own message may quote a line of the file (a secret): only the kind of failure is shown
            throw new IllegalArgumentException("--kafka-properties " + file + " cannot be read as a Java properties "
                    + "file (" + e.getClass().getSimpleName() + ")");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        loaded.stringPropertyNames().forEach(key -> properties.put(key, loaded.getProperty(key)));
        return properties;
    }

    @Override
    public String toString() {
        return "KafkaClientSettings[bootstrapServers=" + bootstrapServers + ", registryUrl=" + registryUrl
                + ", keys=" + properties.keySet() + "]";
    }
}
