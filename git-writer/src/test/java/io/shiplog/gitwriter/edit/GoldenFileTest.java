package io.shiplog.gitwriter.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.manifest.DirectorySnapshot;
import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.ScanProblem;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.policy.TagCandidate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files: {@code testdata/<case>/original.yaml} scanned (with the files under {@code repo/} beside it),
 * updated by policy over the tags in {@code tags} ({@code repository tag [digest|-] [createdAt|-]}) or pinned by
 * {@code updates} ({@code selector=image-ref}, as {@code --set}), must give exactly {@code expected.yaml}.
 * Expected scan problems are listed in {@code problems} (substrings); without that file there must be none. A
 * {@code name} file gives the name the edited file has in the repository (default {@code original.yaml}), e.g.
 * kustomize's {@code Kustomization}.
 */
class GoldenFileTest {

    private static final Path TESTDATA = Path.of("src/test/resources/testdata");

    @TempDir
    Path work;

    @Test
    void hasAtLeastTwentyFiveCases() throws IOException {
        try (Stream<Path> cases = Files.list(TESTDATA)) {
            assertThat(cases.filter(Files::isDirectory).count()).isGreaterThanOrEqualTo(25);
        }
    }

    @TestFactory
    Stream<DynamicTest> rewritesOnlyTheImageBytes() throws IOException {
        List<Path> cases;
        try (Stream<Path> list = Files.list(TESTDATA)) {
            cases = list.filter(Files::isDirectory).sorted().toList();
        }
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private void check(Path dir) throws Exception {
        Path repo = Files.createDirectory(work.resolve(dir.getFileName().toString()));
        byte[] original = Files.readAllBytes(dir.resolve("original.yaml"));
        byte[] expected = Files.readAllBytes(dir.resolve("expected.yaml"));
        String name = Files.exists(dir.resolve("name")) ? Files.readString(dir.resolve("name")).strip() : "original.yaml";
        Files.write(repo.resolve(name), original);
        if (Files.isDirectory(dir.resolve("repo"))) {
            copyTree(dir.resolve("repo"), repo);
        }
        DirectorySnapshot snapshot = new DirectorySnapshot(repo);
        ScanResult scan = new ManifestScanner().scan(snapshot);
        assertProblems(dir, scan.problems());

        List<LocationUpdate> updates = new ArrayList<>();
        if (Files.exists(dir.resolve("tags"))) {
            List<String[]> tags = Files.readAllLines(dir.resolve("tags")).stream().filter(l -> !l.isBlank())
                    .map(l -> l.strip().split("\\s+")).toList();
            for (ImageLocation location : scan.locations()) {
                List<TagCandidate> candidates = tags.stream().filter(t -> t[0].equals(location.repository()))
                        .map(GoldenFileTest::candidate).toList();
                updates.add(UpdatePlanner.plan(location, candidates));
            }
        }
        if (Files.exists(dir.resolve("updates"))) {
            for (String line : Files.readAllLines(dir.resolve("updates"))) {
                if (!line.isBlank()) {
                    updates.addAll(Pin.parse(line).plan(scan, List.of()));
                }
            }
        }
        assertThat(updates).noneMatch(u -> u instanceof LocationUpdate.Failed);
        List<LocationUpdate.Change> changes = updates.stream().filter(u -> u instanceof LocationUpdate.Change)
                .map(u -> (LocationUpdate.Change) u).filter(c -> c.location().path().equals(name)).toList();
        Map<String, byte[]> edited = FileEdits.apply(snapshot, changes);
        byte[] actual = edited.getOrDefault(name, original);
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).isEqualTo(expected);

        // the edited file still carries every declaration, now holding the new values
        Files.write(repo.resolve(name), actual);
        ScanResult again = new ManifestScanner().scan(new DirectorySnapshot(repo));
        assertThat(again.locations()).hasSameSizeAs(scan.locations());
        assertThat(again.unresolvedSetters()).hasSameSizeAs(scan.unresolvedSetters());
        for (LocationUpdate.Change change : changes) {
            List<ImageLocation> found = new ArrayList<>(again.locations());
            again.unresolvedSetters().forEach(s -> found.add(s.pinnedTo(change.to())));
            assertThat(found).anySatisfy(l -> {
                assertThat(l.field()).isEqualTo(change.location().field());
                assertThat(l.current().toString()).isEqualTo(change.to().toString());
            });
        }
    }

    private static void assertProblems(Path dir, List<ScanProblem> problems) throws IOException {
        List<String> wanted = Files.exists(dir.resolve("problems"))
                ? Files.readAllLines(dir.resolve("problems")).stream().filter(l -> !l.isBlank()).toList() : List.of();
        List<String> actual = problems.stream().map(ScanProblem::toString).toList();
        assertThat(actual).hasSameSizeAs(wanted);
        for (String w : wanted) {
            assertThat(actual).anySatisfy(a -> assertThat(a).contains(w));
        }
    }

    private static TagCandidate candidate(String[] t) {
        String digest = t.length > 2 && !t[2].equals("-") ? t[2] : null;
        Instant created = t.length > 3 && !t[3].equals("-") ? Instant.parse(t[3]) : null;
        return new TagCandidate(t[1], digest, created);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
