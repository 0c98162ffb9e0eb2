package io.shiplog.dev.deploy;

import static io.shiplog.dev.deploy.DeployFiles.FLEET_PATH;
import static io.shiplog.dev.deploy.DeployFiles.ROOT;
import static io.shiplog.dev.deploy.DeployFiles.composeService;
import static io.shiplog.dev.deploy.DeployFiles.projectVersion;
import static io.shiplog.dev.deploy.DeployFiles.serverPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.dev.services.Service;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.local.support.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The services' images as the build makes them (Jib, each service module's {@code target/jib-image.tar}): pushed to
 * a real docker-registry with skopeo, inspected and pulled back from there, and each image's entrypoint run on the
 * image's own file system until its service reports ready and docker-compose.yml's health check passes. No container
 * runtime exists here, so the entrypoint runs as a runtime would start it, without one (see {@code inImage}).
 */
class ContainerImagesIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final String IMAGE_USER = "65532:65532";

    @TempDir
    static Path credentials;
    private static ContainerRegistry registry;
    private static Path authFile;

    @BeforeAll
    static void pushEveryServicesImage() throws Exception {
        registry = ContainerRegistry.start();
        authFile = PulledImage.authFile(credentials, registry.host(), registry.username(), registry.password());
        for (Service service : Service.all()) {
            Path archive = ROOT.resolve(service.name()).resolve("target").resolve("jib-image.tar");
            assertThat(archive).as("the image mvn package builds for " + service.name()).isRegularFile();
            PulledImage.push(archive, reference(service), authFile);
        }
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void everyImageRunsItsServiceAsANonRootUserWithItsPortAndLabels() throws Exception {
        String revision = git("rev-parse", "HEAD");
        for (Service service : Service.all()) {
            JsonNode config = config(service);

            assertThat(config.path("User").asString()).as(service.name()).isEqualTo(IMAGE_USER);
            assertThat(names(config.path("ExposedPorts"))).as(service.name())
                    .containsExactly(serverPort(service) + "/tcp");
            List<String> entrypoint = strings(config.path("Entrypoint"));
            assertThat(entrypoint).as(service.name()).startsWith("java").contains("-XX:MaxRAMPercentage=75")
                    .endsWith("-cp", "@/app/jib-classpath-file", service.mainClass().getName());
            JsonNode labels = config.path("Labels");
            assertThat(labels.path("org.opencontainers.image.version").asString()).isEqualTo(projectVersion());
            assertThat(labels.path("org.opencontainers.image.revision").asString()).isEqualTo(revision);
            assertThat(labels.path("org.opencontainers.image.title").asString())
                    .isEqualTo("shiplog-" + service.name());
            assertThat(labels.path("org.opencontainers.image.source").asString())
                    .isEqualTo(origin().orElse("Unknown"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKubernetesDeploymentsRunEachImageAsItsUserOnItsPort() throws Exception {
        Map<String, Map<String, Object>> deployments = new HashMap<>();
        for (Object document : new Yaml().loadAll(Files.readString(
                ROOT.resolve("deploy/kubernetes/base/deployments.yaml")))) {
            Map<String, Object> manifest = (Map<String, Object>) document;
            if (manifest != null && "Deployment".equals(manifest.get("kind"))) {
                deployments.put((String) ((Map<String, Object>) manifest.get("metadata")).get("name"), manifest);
            }
        }
        for (Service service : Service.all()) {
            JsonNode config = config(service);
            Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    deployments.get(service.name()).get("spec")).get("template")).get("spec");
            Map<String, Object> security = (Map<String, Object>) pod.get("securityContext");
            Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);

            assertThat(security.get("runAsUser") + ":" + security.get("runAsGroup")).as(service.name())
                    .isEqualTo(config.path("User").asString());
            assertThat(container.get("image")).isEqualTo("shiplog/" + service.name() + ":" + projectVersion());
            assertThat((List<Map<String, Object>>) container.get("ports"))
                    .extracting(port -> port.get("containerPort") + "/tcp")
                    .containsExactlyElementsOf(names(config.path("ExposedPorts")));
        }
    }

    @Test
    void layersKeepTheRuntimeTheLibrariesAndTheServicesOwnCodeApart(@TempDir Path dir) throws Exception {
        Service service = Service.GIT_WRITER;
        List<List<String>> layers = PulledImage.pull(reference(service), authFile, dir).layerFiles();
        String mainClass = "app/classes/" + service.mainClass().getName().replace('.', '/') + ".class";

        int runtime = layerWith(layers, "opt/java/openjdk/bin/java");
        int libraries = layerWith(layers, "app/libs/spring-core-");
        int shiplogLibraries = layerWith(layers, "app/libs/shiplog-schemas-");
        int classes = layerWith(layers, mainClass);
        int resources = layerWith(layers, "app/resources/" + service.name() + ".yml");

        assertThat(List.of(runtime, libraries, shiplogLibraries, classes, resources)).doesNotHaveDuplicates();
        assertThat(runtime).isLessThan(libraries);
        assertThat(layers.get(classes)).allMatch(name -> name.startsWith("app/classes") || name.equals("app/")
                || name.equals("app"));
        assertThat(layers.get(libraries)).noneMatch(name -> name.startsWith("app/libs/shiplog-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"registry-scanner", "git-writer", "cluster-applier", "drift-auditor"})
    void theImagesEntrypointStartsItsService(String name, @TempDir Path dir) throws Exception {
        Service service = Service.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        PulledImage image = PulledImage.pull(reference(service), authFile, dir);
        JsonNode config = image.runConfig();
        Path rootfs = image.unpack(dir.resolve("rootfs"));
        // what a container runtime and the compose file provide: /proc, /dev, /etc/hosts, the fleet file and secrets
        Files.createDirectories(rootfs.resolve("proc"));
        devices(Files.createDirectories(rootfs.resolve("dev")));
        Files.writeString(rootfs.resolve("etc/hosts"), "127.0.0.1 localhost\n::1 localhost\n");
        Path fleet = Files.createDirectories(rootfs.resolve("etc/shiplog/fleet")).resolve("shiplog.yaml");
        Files.writeString(fleet, """
                apiVersion: shiplog.io/v1alpha1
                kind: Fleet
                kafka:
                  bootstrapServers: %s
                  schemaRegistry: %s
                audit:
                  token: ${file:/etc/shiplog/secrets/audit-token}
                """.formatted(KafkaBroker.shared().bootstrapServers(), SchemaRegistry.shared().url()));
        Path secrets = Files.createDirectories(rootfs.resolve("etc/shiplog/secrets"));
        Files.writeString(secrets.resolve("audit-token"), "a-token-of-this-test\n");
        int port = Ports.freePort();

        List<String> entrypoint = new ArrayList<>(strings(config.path("Entrypoint")));
        entrypoint.addAll(strings(config.path("Cmd")));
        ProcessBuilder builder = inImage(rootfs, config, entrypoint).redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile());
        builder.environment().put("SHIPLOG_CONFIG", FLEET_PATH);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m");
        Process process = builder.start();
        try {
            await(name + " ready").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !process.isAlive() || readiness(port) == 200);
            assertThat(process.isAlive()).as(name + " still running; its output:\n"
                    + Files.readString(dir.resolve("service.log"))).isTrue();
            assertThat(Files.readString(dir.resolve("service.log"))).contains("fleet file " + FLEET_PATH + " loaded");

            // docker-compose.yml's health check, with the image's own shell and tools, on this run's port
            String check = composeHealthCheck(service).replace("localhost:" + serverPort(service), "localhost:" + port);
            Process health = inImage(rootfs, config, List.of("/bin/sh", "-c", check)).redirectErrorStream(true).start();
            String output = new String(health.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(health.waitFor()).as(check + ": " + output).isZero();
        } finally {
            // as `docker stop`: SIGTERM to the entrypoint's process (unshare, its parent, ignores it)
            process.descendants().forEach(ProcessHandle::destroy);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * A command run as a container runtime would run it in the image, without one: the image's root, working
     * directory, user and environment, its own process namespace with a fresh /proc, the host's network.
     */
    private static ProcessBuilder inImage(Path rootfs, JsonNode config, List<String> command) {
        String[] user = config.path("User").asString().split(":");
        List<String> line = new ArrayList<>(List.of(executable("unshare"), "--pid", "--kill-child=SIGTERM",
                "--mount-proc=/proc", "--root=" + rootfs, "--wd=" + config.path("WorkingDir").asString("/"),
                "--setuid=" + user[0], "--setgid=" + user[1]));
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().clear();
        for (String variable : strings(config.path("Env"))) {
            String[] pair = variable.split("=", 2);
            builder.environment().put(pair[0], pair[1]);
        }
        return builder;
    }

    /** The device nodes every container runtime creates. */
    private static void devices(Path dev) throws Exception {
        for (Map.Entry<String, String> node : Map.of("null", "3", "zero", "5", "random", "8", "urandom", "9")
                .entrySet()) {
            String path = dev.resolve(node.getKey()).toString();
            Process mknod = new ProcessBuilder("mknod", "-m", "666", path, "c", "1", node.getValue())
                    .redirectErrorStream(true).start();
            String output = new String(mknod.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(mknod.waitFor()).as("mknod " + path + ": " + output).isZero();
        }
    }

    @SuppressWarnings("unchecked")
    private static String composeHealthCheck(Service service) throws IOException {
        List<String> test = (List<String>) ((Map<String, Object>) composeService(service.name()).get("healthcheck"))
                .get("test");
        assertThat(test).as(service.name() + " health check").hasSize(2).startsWith("CMD-SHELL");
        return test.get(1);
    }

    /** A program of this machine by its absolute path: commands in the image run with the image's environment. */
    private static String executable(String name) {
        return Stream.of(System.getenv("PATH").split(":"), new String[] {"/usr/sbin", "/sbin"}).flatMap(Stream::of)
                .map(directory -> Path.of(directory, name)).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not found: this test needs util-linux"))
                .toString();
    }

    private static int readiness(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static JsonNode config(Service service) throws Exception {
        return new tools.jackson.databind.ObjectMapper().readTree(PulledImage.skopeo("inspect", "--config",
                "--tls-verify=false", "--authfile", authFile.toString(), "docker://" + reference(service)))
                .path("config");
    }

    private static int layerWith(List<List<String>> layers, String prefix) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).stream().anyMatch(name -> name.startsWith(prefix))) {
                return i;
            }
        }
        throw new AssertionError("no layer holds " + prefix + "*");
    }

    private static String reference(Service service) throws Exception {
        return registry.host() + "/shiplog/" + service.name() + ":" + projectVersion();
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }

    private static List<String> names(JsonNode object) {
        return List.copyOf(object.propertyNames());
    }

    private static Optional<String> origin() throws Exception {
        Process process = new ProcessBuilder("git", "-C", ROOT.toString(), "remote", "get-url", "origin")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.waitFor() == 0 ? Optional.of(output) : Optional.empty();
    }

    private static String git(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", ROOT.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
