package io.shiplog.dev.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * An image copied out of a registry by skopeo into an OCI layout directory: its config, its layers' file lists, and
 * its file system unpacked. Registry credentials go to skopeo in an auth file, never on a command line.
 */
final class PulledImage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path layout;
    private final JsonNode config;
    private final List<Path> layers;

    private PulledImage(Path layout, JsonNode config, List<Path> layers) {
        this.layout = layout;
        this.config = config;
        this.layers = layers;
    }

    /** Writes the auth file skopeo reads for {@code host}. */
    static Path authFile(Path dir, String host, String username, String password) throws IOException {
        String auth = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("auth.json");
        Files.writeString(file, JSON.writeValueAsString(
                JSON.createObjectNode().set("auths", JSON.createObjectNode().set(host,
                        JSON.createObjectNode().put("auth", auth)))));
        return file;
    }

    /** Pushes an OCI archive (what Jib's buildTar writes) to {@code reference} on a plain-HTTP registry. */
    static void push(Path archive, String reference, Path authFile) throws IOException, InterruptedException {
        skopeo("copy", "--quiet", "--dest-tls-verify=false", "--dest-authfile", authFile.toString(),
                "oci-archive:" + archive.toAbsolutePath(), "docker://" + reference);
    }

    /** Copies {@code reference} from a plain-HTTP registry into {@code dir}. */
    static PulledImage pull(String reference, Path authFile, Path dir) throws IOException, InterruptedException {
        Path layout = dir.resolve("layout");
        skopeo("copy", "--quiet", "--src-tls-verify=false", "--src-authfile", authFile.toString(),
                "docker://" + reference, "oci:" + layout + ":pulled");
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(blob(layout, index.path("manifests").get(0).path("digest").asString())
                .toFile());
        JsonNode config = JSON.readTree(blob(layout, manifest.path("config").path("digest").asString()).toFile());
        List<Path> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            layers.add(blob(layout, layer.path("digest").asString()));
        }
        return new PulledImage(layout, config, layers);
    }

    /** The image's run configuration: {@code User}, {@code Entrypoint}, {@code Env}, {@code Labels}, ... */
    JsonNode runConfig() {
        return config.path("config");
    }

    /** The file names in each layer, base first. */
    List<List<String>> layerFiles() throws IOException, InterruptedException {
        List<List<String>> files = new ArrayList<>();
        for (Path layer : layers) {
            String names = run(List.of("tar", "--warning=no-unknown-keyword", "-tzf", layer.toString()));
            files.add(names.lines().map(n -> n.replaceFirst("^\\./", "")).filter(n -> !n.isEmpty()).toList());
        }
        return files;
    }

    /** The image's file system, the layers applied in order (as root: ownership and modes kept). */
    Path unpack(Path rootfs) throws IOException, InterruptedException {
        Files.createDirectories(rootfs);
        for (Path layer : layers) {
            run(List.of("tar", "--warning=no-unknown-keyword", "-xzf", layer.toString(), "-C", rootfs.toString(),
                    "--same-owner", "--same-permissions"));
        }
        return rootfs;
    }

    @Override
    public String toString() {
        return layout.toString();
    }

    private static Path blob(Path layout, String digest) {
        String[] parts = digest.split(":", 2);
        return layout.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
    }

    static String skopeo(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.addAll(List.of(arguments));
        return run(command);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " " + command.get(1) + " failed: "
                    + new String(output, StandardCharsets.UTF_8).strip());
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
