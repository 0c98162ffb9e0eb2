package io.shiplog.gitwriter.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.RepositorySnapshot;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.schemas.image.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestEditorTest {

    /** One-file snapshot. */
    private record OneFile(String path, byte[] bytes) implements RepositorySnapshot {
        @Override
        public List<Entry> entries() {
            return List.of(new Entry(path, Kind.FILE, bytes.length));
        }

        @Override
        public byte[] read(String p) {
            return bytes;
        }

        @Override
        public String linkTarget(String p) {
            throw new UnsupportedOperationException();
        }
    }

    private static ScanResult scan(String yaml) throws IOException {
        return new ManifestScanner().scan(new OneFile("f.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String pin(String yaml, String target) throws Exception {
        ScanResult scan = scan(yaml);
        LocationUpdate update = UpdatePlanner.pin(scan.locations().get(0), ImageReference.parse(target), "test");
        LocationUpdate.Change change = (LocationUpdate.Change) update;
        return new String(ManifestEditor.apply(yaml.getBytes(StandardCharsets.UTF_8), change.changes()), StandardCharsets.UTF_8);
    }

    @Test
    void quotesAPlainValueOnlyWhenItWouldStopBeingAString() throws Exception {
        String helm = "image:\n  repository: ghcr.io/acme/app # {\"$shiplog\": \"semver:*\", \"part\": \"repository\"}\n"
                + "  tag: %s # {\"$shiplog\": \"semver:*\", \"part\": \"tag\"}\n";
        assertThat(pin(helm.formatted("1.4.2"), "ghcr.io/acme/app:1.5.0")).isEqualTo(helm.formatted("1.5.0"));
        assertThat(pin(helm.formatted("1.4.2"), "ghcr.io/acme/app:1.5")).isEqualTo(helm.formatted("\"1.5\""));
        assertThat(pin(helm.formatted("1.4.2"), "ghcr.io/acme/app:true")).isEqualTo(helm.formatted("\"true\""));
        assertThat(pin(helm.formatted("1.4"), "ghcr.io/acme/app:1.5")).isEqualTo(helm.formatted("1.5"));
        assertThat(pin(helm.formatted("'1.4'"), "ghcr.io/acme/app:1.5")).isEqualTo(helm.formatted("'1.5'"));
    }

    @Test
    void keepsTheRepositorySpellingAndWritesTheDigestWhereTheValueHasOne() throws Exception {
        String d1 = "sha256:" + "1".repeat(64);
        String d2 = "sha256:" + "2".repeat(64);
        String yaml = "image: nginx:1.25@" + d1 + " # {\"$shiplog\": \"semver:^1\"}\n";
        assertThat(pin(yaml, "docker.io/library/nginx:1.26@" + d2))
                .isEqualTo("image: nginx:1.26@" + d2 + " # {\"$shiplog\": \"semver:^1\"}\n");
    }

    @Test
    void refusesToSpliceWhenTheFileChangedSinceTheScan() throws Exception {
        String yaml = "image: ghcr.io/acme/app:1.0.0 # {\"$shiplog\": \"semver:^1\"}\n";
        ImageLocation location = scan(yaml).locations().get(0);
        LocationUpdate.Change change = (LocationUpdate.Change) UpdatePlanner.pin(location,
                ImageReference.parse("ghcr.io/acme/app:1.1.0"), "t");
        byte[] changed = "image: ghcr.io/acme/app:1.0.9 # {\"$shiplog\": \"semver:^1\"}\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ManifestEditor.apply(changed, change.changes()))
                .isInstanceOf(EditConflictException.class)
                .hasMessageContaining("f.yaml:1 image holds 'ghcr.io/acme/app:1.0.9', not the scanned 'ghcr.io/acme/app:1.0.0'");
    }

    @Test
    void refusesTwoDifferentValuesForOnePlace() throws Exception {
        String yaml = "image: ghcr.io/acme/app:1.0.0 # {\"$shiplog\": \"semver:^1\"}\n";
        ImageLocation location = scan(yaml).locations().get(0);
        List<ValueChange> changes = List.of(new ValueChange("f.yaml", location.slots().get(0), "ghcr.io/acme/app:1.1.0"),
                new ValueChange("f.yaml", location.slots().get(0), "ghcr.io/acme/app:1.2.0"));
        assertThatThrownBy(() -> ManifestEditor.apply(yaml.getBytes(StandardCharsets.UTF_8), changes))
                .isInstanceOf(EditConflictException.class).hasMessageContaining("two changes want different values");
    }

    @Test
    void reportsNothingToDoWhenTheValueIsAlreadyThere() throws Exception {
        String yaml = "image: ghcr.io/acme/app:1.0.0 # {\"$shiplog\": \"semver:^1\"}\n";
        LocationUpdate update = UpdatePlanner.pin(scan(yaml).locations().get(0),
                ImageReference.parse("ghcr.io/acme/app:1.0.0"), "t");
        assertThat(update).isInstanceOf(LocationUpdate.Unchanged.class);
        assertThat(update.reason()).isEqualTo("already at ghcr.io/acme/app:1.0.0");
    }

    @Test
    void selectsLocationsByRepositoryOrFluxPolicyReference() throws Exception {
        ScanResult scan = scan("a: nginx:1.0 # {\"$shiplog\": \"semver:^1\"}\nb: ghcr.io/acme/b:1.0 # {\"$shiplog\": \"semver:^1\"}\n");
        Pin pin = Pin.parse("docker.io/library/nginx=nginx:1.1");
        assertThat(pin.plan(scan.locations(), List.of())).hasSize(1);
        assertThat(pin.plan(scan.locations(), List.of("other.yaml"))).isEmpty();
        assertThatThrownBy(() -> Pin.parse("nginx")).hasMessageContaining("expected <repository-or-policy-ref>=<image-ref>");
        assertThatThrownBy(() -> Pin.parse("nginx=nginx")).hasMessageContaining("needs a tag or a digest");
        assertThatThrownBy(() -> Pin.parse("nginx=Not An Image:1")).hasMessageContaining("in 'nginx=Not An Image:1'");
    }

    @Test
    void printsAUnifiedDiffOfTheChangedLines() {
        String before = "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\nk: 11\nl: 12\nm: 13";
        String after = before.replace("b: 2", "b: 20").replace("m: 13", "m: 130");
        assertThat(UnifiedDiff.of("x.yaml", before.getBytes(), after.getBytes())).isEqualTo("""
                --- a/x.yaml
                +++ b/x.yaml
                @@ -1,5 +1,5 @@
                 a: 1
                -b: 2
                +b: 20
                 c: 3
                 d: 4
                 e: 5
                @@ -10,4 +10,4 @@
                 j: 10
                 k: 11
                 l: 12
                -m: 13
                \\ No newline at end of file
                +m: 130
                \\ No newline at end of file
                """);
    }
}
