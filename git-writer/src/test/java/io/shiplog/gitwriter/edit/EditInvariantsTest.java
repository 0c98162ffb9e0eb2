package io.shiplog.gitwriter.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.manifest.DirectorySnapshot;
import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.schemas.image.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every golden original, every location pinned to awkward tags (numbers, booleans, leading zeros, pre-releases):
 * the bytes outside the value spans are identical, the result is valid YAML, and a rescan finds every location
 * holding its new value.
 */
class EditInvariantsTest {

    private static final Path TESTDATA = Path.of("src/test/resources/testdata");
    private static final List<String> TAGS = List.of("9.9.9", "1.5", "true", "0123", "v2.0.0-rc.1", "null", "1e3");
    private static final String DIGEST = "sha256:" + "9".repeat(64);

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> changesNothingButTheValues() throws IOException {
        List<Path> cases;
        try (Stream<Path> list = Files.list(TESTDATA)) {
            cases = list.filter(Files::isDirectory).sorted().toList();
        }
        return cases.stream().flatMap(dir -> TAGS.stream().map(tag ->
                DynamicTest.dynamicTest(dir.getFileName() + " to " + tag, () -> check(dir, tag))));
    }

    private void check(Path dir, String tag) throws Exception {
        Path repo = Files.createDirectories(work.resolve(dir.getFileName() + "-" + tag));
        byte[] original = Files.readAllBytes(dir.resolve("original.yaml"));
        Files.write(repo.resolve("original.yaml"), original);
        if (Files.isDirectory(dir.resolve("repo"))) {
            try (Stream<Path> walk = Files.walk(dir.resolve("repo"))) {
                for (Path p : walk.toList()) {
                    Path target = repo.resolve(dir.resolve("repo").relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
        }
        DirectorySnapshot snapshot = new DirectorySnapshot(repo);
        ScanResult scan = new ManifestScanner().scan(snapshot);
        List<LocationUpdate.Change> changes = new ArrayList<>();
        for (ImageLocation location : scan.locations()) {
            if (!location.path().equals("original.yaml")) {
                continue;
            }
            ImageReference target = location.current().withTag(tag).withDigest(location.trackDigest() ? DIGEST : null);
            LocationUpdate update = UpdatePlanner.pin(location, target, "test");
            assertThat(update).isInstanceOf(LocationUpdate.Change.class);
            changes.add((LocationUpdate.Change) update);
        }
        byte[] after = FileEdits.apply(snapshot, changes).getOrDefault("original.yaml", original);

        List<ValueChange> spans = changes.stream().flatMap(c -> c.changes().stream())
                .sorted(Comparator.comparingInt(v -> v.slot().span().start())).toList();
        int a = 0;
        int b = 0;
        for (ValueChange v : spans) {
            int gap = v.slot().span().start() - a;
            assertThat(Arrays.copyOfRange(after, b, b + gap)).isEqualTo(Arrays.copyOfRange(original, a, a + gap));
            String written = new String(after, b + gap, after.length - b - gap, StandardCharsets.UTF_8);
            String rendered = ScalarWriter.render(v.slot().span(), v.from(), v.to());
            assertThat(written).startsWith(rendered);
            a = v.slot().span().end();
            b = b + gap + rendered.getBytes(StandardCharsets.UTF_8).length;
        }
        assertThat(Arrays.copyOfRange(after, b, after.length)).isEqualTo(Arrays.copyOfRange(original, a, original.length));

        LoaderOptions options = new LoaderOptions();
        new Yaml(new SafeConstructor(options)).loadAll(new String(after, StandardCharsets.UTF_8)).forEach(doc -> { });

        Files.write(repo.resolve("original.yaml"), after);
        ScanResult again = new ManifestScanner().scan(new DirectorySnapshot(repo));
        assertThat(again.problems()).hasSameSizeAs(scan.problems());
        for (LocationUpdate.Change change : changes) {
            assertThat(again.locations()).anySatisfy(l -> {
                assertThat(l.field()).isEqualTo(change.location().field());
                assertThat(l.current().toString()).isEqualTo(change.to().toString());
            });
        }
    }
}
