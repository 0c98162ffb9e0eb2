package io.shiplog.dev.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.edit.LocationUpdate;
import io.shiplog.gitwriter.edit.UpdatePlanner;
import io.shiplog.gitwriter.manifest.DirectorySnapshot;
import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.MarkerStyle;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.policy.TagCandidate;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoRepositoryTest {

    private static final String REGISTRY = "127.0.0.1:5055";
    private static final String IMAGE = REGISTRY + "/demo/app";

    @TempDir
    static Path dir;
    static ScanResult scan;

    @BeforeAll
    static void scanTheDemoRepositoryAsGitWriterDoes() throws Exception {
        DemoRepository.writeTo(dir, REGISTRY, DemoRepository.CLUSTERS);
        scan = new ManifestScanner().scan(new DirectorySnapshot(dir));
    }

    @Test
    void declaresTheDemoImageFourWaysWithoutProblems() {
        assertThat(scan.problems()).isEmpty();
        assertThat(scan.locationsOf(IMAGE)).extracting(ImageLocation::style).containsExactlyInAnyOrder(
                MarkerStyle.SHIPLOG, MarkerStyle.FLUX_V2, MarkerStyle.FLUX_V1, MarkerStyle.KEEL);
        assertThat(scan.locationsOf(IMAGE)).extracting(l -> l.object().name())
                .containsExactlyInAnyOrderElementsOf(DemoRepository.WORKLOADS);
    }

    @Test
    void aNewMinorVersionMovesEveryDeclaration() {
        List<TagCandidate> tags = List.of(TagCandidate.of("1.0.0"), TagCandidate.of("1.1.0"));
        for (ImageLocation location : scan.locationsOf(IMAGE)) {
            LocationUpdate update = UpdatePlanner.plan(location, tags);
            assertThat(update).as(location.describe()).isInstanceOf(LocationUpdate.Change.class);
            assertThat(((LocationUpdate.Change) update).to().tag()).isEqualTo("1.1.0");
        }
    }

    @Test
    void aNewMajorVersionMovesNone() {
        List<TagCandidate> tags = List.of(TagCandidate.of("1.0.0"), TagCandidate.of("2.0.0"));
        for (ImageLocation location : scan.locationsOf(IMAGE)) {
            assertThat(UpdatePlanner.plan(location, tags)).as(location.describe())
                    .isInstanceOf(LocationUpdate.Unchanged.class);
        }
    }

    @Test
    void eachClusterAppliesItsOwnDirectoryAndTheApplication() {
        assertThat(DemoRepository.CLUSTERS).allSatisfy(cluster -> assertThat(DemoRepository.pathsOf(cluster))
                .allSatisfy(path -> assertThat(dir.resolve(path)).isDirectory()));
    }
}
