package io.shiplog.gitwriter.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.edit.FileEdits;
import io.shiplog.gitwriter.manifest.DirectorySnapshot;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.ScanResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InverseTest {

    private static final String IMAGE = "registry.example.com/team/app";
    private static final Predicate<String> PROD = p -> p.startsWith("clusters/prod/");

    @TempDir
    Path then;
    @TempDir
    Path now;

    @Test
    void setsEachImageChangedSinceTheTargetBackToItsValueThereKeepingTheMarkerAsItIsNow() throws Exception {
        write(then, "clusters/prod/web.yaml", deployment("web", "1.0.0", "semver:^1.0"));
        write(then, "clusters/prod/api.yaml", deployment("api", "2.0.0", "semver:^2.0"));
        write(now, "clusters/prod/web.yaml", deployment("web", "1.2.0", "semver:^1.1"));
        write(now, "clusters/prod/api.yaml", deployment("api", "2.0.0", "semver:^2.0"));

        Inverse.Result inverse = Inverse.of(scan(now), scan(then), PROD, "rollback of cluster prod");

        assertThat(inverse.changes()).singleElement().satisfies(change -> {
            assertThat(change.location().path()).isEqualTo("clusters/prod/web.yaml");
            assertThat(change.from().tag()).isEqualTo("1.2.0");
            assertThat(change.to().tag()).isEqualTo("1.0.0");
        });
        Map<String, byte[]> files = FileEdits.apply(new DirectorySnapshot(now), inverse.changes());
        assertThat(new String(files.get("clusters/prod/web.yaml"), StandardCharsets.UTF_8))
                .isEqualTo(deployment("web", "1.0.0", "semver:^1.1"));
        assertThat(inverse.notes()).isEmpty();
    }

    @Test
    void leavesImagesOutsideTheClustersPathsAsTheyAre() throws Exception {
        write(then, "clusters/staging/web.yaml", deployment("web", "1.0.0", "semver:^1.0"));
        write(now, "clusters/staging/web.yaml", deployment("web", "1.2.0", "semver:^1.0"));

        Inverse.Result inverse = Inverse.of(scan(now), scan(then), PROD, "rollback of cluster prod");

        assertThat(inverse.changes()).isEmpty();
        assertThat(inverse.notes()).isEmpty();
    }

    @Test
    void anImageNotAutomatedAtTheTargetStaysAndIsReported() throws Exception {
        write(then, "clusters/prod/web.yaml", deployment("web", "1.0.0", "semver:^1.0"));
        write(now, "clusters/prod/web.yaml", deployment("web", "1.0.0", "semver:^1.0"));
        write(now, "clusters/prod/worker.yaml", deployment("worker", "1.4.0", "semver:^1.0"));

        Inverse.Result inverse = Inverse.of(scan(now), scan(then), PROD, "rollback of cluster prod");

        assertThat(inverse.changes()).isEmpty();
        assertThat(inverse.notes()).singleElement().asString().contains("clusters/prod/worker.yaml")
                .contains("not automated at the target commit, left at " + IMAGE + ":1.4.0");
    }

    @Test
    void aLockedImageIsStillRolledBackBecauseAPersonAskedForIt() throws Exception {
        write(then, "clusters/prod/web.yaml", deployment("web", "1.0.0", "semver:^1.0"));
        write(now, "clusters/prod/web.yaml", deployment("web", "1.2.0", "semver:^1.0")
                .replace("  name: web\n", "  name: web\n  annotations:\n    shiplog.io/locked: \"true\"\n"));

        Inverse.Result inverse = Inverse.of(scan(now), scan(then), PROD, "rollback of cluster prod");

        assertThat(inverse.changes()).singleElement().satisfies(change ->
                assertThat(change.to().tag()).isEqualTo("1.0.0"));
    }

    private static ScanResult scan(Path root) throws Exception {
        return new ManifestScanner().scan(new DirectorySnapshot(root));
    }

    private static void write(Path root, String path, String content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    static String deployment(String name, String tag, String policy) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: %s:%s # {"$shiplog": "%s"}
                """.formatted(name, IMAGE, tag, policy);
    }
}
