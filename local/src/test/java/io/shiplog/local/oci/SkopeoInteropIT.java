package io.shiplog.local.oci;

import io.shiplog.local.junit.ContainerRegistryExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplog.local.support.TempDirs;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * skopeo, an independent OCI client, reads what {@link ImagePusher} pushed: proof that the images are real.
 * Skipped with a message when skopeo is not installed.
 */
@ExtendWith(ContainerRegistryExtension.class)
class SkopeoInteropIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path work;

    @BeforeEach
    void requireSkopeo() {
        assumeTrue(onPath("skopeo"), "skopeo is not on the PATH (apt-get install skopeo): the check that an "
                + "independent client accepts the pushed images is skipped");
        work = TempDirs.create("skopeo-it");
    }

    @AfterEach
    void cleanUp() {
        TempDirs.deleteQuietly(work);
    }

    @Test
    void inspectsAPushedImageWithItsDigestPlatformCreationTimeAndLayer(ContainerRegistry registry) throws Exception {
        Instant created = Instant.parse("2026-05-06T07:08:09Z");
        PushedImage image = registry.pusher().push("skopeo/app", "v1", ImageSpec.of(created));

        JsonNode inspected = JSON.readTree(skopeo(registry, "inspect", "docker://" + registry.host()
                + "/skopeo/app:v1"));

        assertThat(inspected.path("Digest").asText()).isEqualTo(image.digest());
        assertThat(inspected.path("Architecture").asText()).isEqualTo("amd64");
        assertThat(inspected.path("Os").asText()).isEqualTo("linux");
        assertThat(Instant.parse(inspected.path("Created").asText())).isEqualTo(created);
        assertThat(inspected.path("Layers").get(0).asText()).isEqualTo(image.layerDigest());
    }

    @Test
    void copiesAPushedImageWhoseLayerIsAValidTarWithTheContent(ContainerRegistry registry) throws Exception {
        PushedImage image = registry.pusher().push("skopeo/copy", "v1");
        Path target = work.resolve("copy");

        skopeo(registry, "copy", "docker://" + registry.host() + "/skopeo/copy:v1", "dir:" + target);

        Path layer = target.resolve(image.layerDigest().substring("sha256:".length()));
        assertThat(run("tar", "-tzf", layer.toString()).lines()).containsExactly("shiplog/", "shiplog/image-content.txt");
        assertThat(run("tar", "-xzOf", layer.toString(), "shiplog/image-content.txt"))
                .isEqualTo(image.spec().content());
    }

    @Test
    void resolvesEachPlatformOfAPushedIndex(ContainerRegistry registry) throws Exception {
        PushedIndex index = registry.pusher().pushIndex("skopeo/multi", "1.0", Instant.now(),
                List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64_V8));
        String reference = "docker://" + registry.host() + "/skopeo/multi:1.0";

        JsonNode raw = JSON.readTree(skopeo(registry, "inspect", "--raw", reference));
        JsonNode arm = JSON.readTree(skopeo(registry, "--override-arch", "arm64", "--override-variant", "v8",
                "inspect", reference));
        JsonNode armConfig = JSON.readTree(skopeo(registry, "--override-arch", "arm64", "--override-variant", "v8",
                "inspect", "--config", reference));

        assertThat(raw.path("mediaType").asText()).isEqualTo(ManifestFormat.OCI.indexMediaType());
        assertThat(arm.path("Architecture").asText()).isEqualTo("arm64");
        assertThat(armConfig.path("variant").asText()).isEqualTo("v8");
        assertThat(arm.path("Digest").asText()).as("skopeo 1.9 reports the digest of the index it resolved")
                .isEqualTo(index.digest());
        assertThat(arm.path("Layers").get(0).asText()).isEqualTo(index.images().get(1).layerDigest());
    }

    private String skopeo(ContainerRegistry registry, String... args) throws Exception {
        Path policy = work.resolve("policy.json");
        Files.writeString(policy, "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}");
        List<String> command = new ArrayList<>(List.of("skopeo", "--policy", policy.toString()));
        int verb = 0;
        while (args[verb].startsWith("--")) {
            command.add(args[verb++]);
            command.add(args[verb++]);
        }
        command.add(args[verb]);
        String creds = registry.username() + ":" + registry.password();
        if (args[verb].equals("copy")) {
            command.addAll(List.of("--src-tls-verify=false", "--src-creds", creds));
        } else {
            command.addAll(List.of("--tls-verify=false", "--creds", creds));
        }
        command.addAll(List.of(args).subList(verb + 1, args.length));
        return run(command.toArray(String[]::new));
    }

    /** Runs a command and returns its stdout; a failure shows its output, never its arguments (credentials). */
    private String run(String... command) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(finished && process.exitValue() == 0)
                .as("%s %s exited %s: %s", command[0], command.length > 1 ? command[command.length - 1] : "",
                        finished ? process.exitValue() : "(timed out)", stderr)
                .isTrue();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static boolean onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }
}
