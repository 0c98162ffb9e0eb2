package io.shiplog.dev.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.dev.services.Service;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** What the deployment tests check files against: the build's version, the services' ports, docker-compose.yml. */
final class DeployFiles {

    /** The repository root, from a module's directory (where Maven runs the tests). */
    static final Path ROOT = Path.of("..");
    /** Where compose and Kubernetes put the fleet file in every service's container. */
    static final String FLEET_PATH = "/etc/shiplog/fleet/shiplog.yaml";

    private DeployFiles() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(file));
    }

    /** A service of docker-compose.yml. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> composeService(String name) throws IOException {
        Map<String, Object> services = (Map<String, Object>) load(ROOT.resolve("docker-compose.yml")).get("services");
        assertThat(services).as("compose services").containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    /** The port a service listens on by its own defaults ({@code server.port} of its {@code <name>.yml}). */
    static int serverPort(Service service) throws IOException {
        try (InputStream in = Service.class.getClassLoader().getResourceAsStream(service.name() + ".yml")) {
            assertThat(in).as(service.name() + ".yml").isNotNull();
            Map<String, Object> yml = new Yaml().load(in);
            @SuppressWarnings("unchecked")
            Map<String, Object> server = (Map<String, Object>) yml.get("server");
            return (Integer) server.get("port");
        }
    }

    /** The version of this build, from the parent pom. */
    static String projectVersion() throws IOException {
        Matcher version = Pattern.compile("</parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(version.find()).as("the parent pom's version").isTrue();
        return version.group(1);
    }
}
