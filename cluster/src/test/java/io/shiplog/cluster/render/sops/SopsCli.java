package io.shiplog.cluster.render.sops;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ManifestParser;
import io.shiplog.cluster.render.tool.ToolRun;
import io.shiplog.local.render.RenderToolsDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real sops and age-keygen (scripts/render-tools.sh) run for tests: keys, encryption, reference decryption. */
final class SopsCli {

    /** An age key pair as age-keygen prints it. */
    record Key(String keyFile, String recipient) {
    }

    private final Path tools;
    private final Path work;

    SopsCli(Path work) {
        this.tools = RenderToolsDir.locate();
        this.work = work;
    }

    Key newKey() {
        ToolRun.Result result = run(List.of(tools.resolve("age-keygen").toString()), Map.of(), new byte[0]);
        String text = new String(result.stdout(), StandardCharsets.UTF_8);
        String recipient = text.lines().filter(l -> l.startsWith("# public key: ")).findFirst().orElseThrow()
                .substring("# public key: ".length()).strip();
        return new Key(text, recipient);
    }

    /** {@code content} of a file named {@code name} encrypted by sops with {@code args} (e.g. --age …). */
    byte[] encrypt(String name, String content, String... args) {
        Path file = work.resolve(name);
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(tools.resolve("sops").toString(), "--encrypt"));
        command.addAll(List.of(args));
        command.add(file.toString());
        return run(command, Map.of(), new byte[0]).stdout();
    }

    /** What {@code sops --decrypt} makes of {@code encrypted} (named {@code name}) with {@code key}. */
    byte[] decrypt(String name, byte[] encrypted, Key key) {
        Path file = work.resolve("encrypted-" + name);
        try {
            Files.write(file, encrypted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run(List.of(tools.resolve("sops").toString(), "--decrypt", file.toString()),
                Map.of("SOPS_AGE_KEY", key.keyFile()), new byte[0]).stdout();
    }

    /** What the real {@code kustomize build} prints for the kustomization in {@code directory}. */
    byte[] kustomizeBuild(Path directory) {
        return run(List.of(tools.resolve("kustomize").toString(), "build", directory.toString()), Map.of(),
                new byte[0]).stdout();
    }

    /** The one object in {@code bytes} of {@code path}, parsed as the applier parses files. */
    static JsonObject parse(String path, byte[] bytes) {
        List<Manifest> manifests = new ArrayList<>();
        List<LoadFailure> failures = new ArrayList<>();
        ManifestParser.parse(path, bytes, manifests, failures);
        assertThat(failures).isEmpty();
        assertThat(manifests).hasSize(1);
        return manifests.get(0).body();
    }

    /** Every object in {@code bytes} of {@code path}, parsed as the applier parses files. */
    static List<JsonObject> parseAll(String path, byte[] bytes) {
        List<Manifest> manifests = new ArrayList<>();
        List<LoadFailure> failures = new ArrayList<>();
        ManifestParser.parse(path, bytes, manifests, failures);
        assertThat(failures).isEmpty();
        return manifests.stream().map(Manifest::body).toList();
    }

    private ToolRun.Result run(List<String> command, Map<String, String> environment, byte[] stdin) {
        ToolRun.Result result = new ToolRun(command, work, environment, stdin, Duration.ofMinutes(2), 0,
                16 * 1024 * 1024, false).run();
        assertThat(result.succeeded()).as("%s: %s", command.get(0), result.stderrSummary()).isTrue();
        return result;
    }
}
