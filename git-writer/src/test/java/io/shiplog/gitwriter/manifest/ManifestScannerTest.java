package io.shiplog.gitwriter.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.edit.LocationUpdate;
import io.shiplog.gitwriter.edit.UpdatePlanner;
import io.shiplog.policy.TagCandidate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestScannerTest {

    private static final String GOOD = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: ghcr.io/acme/app:1.4.2 # {"$shiplog": "semver:^1.4"}
                    - name: edge
                      image: ghcr.io/acme/app:latest # {"$shiplog": "digest:latest"}
            """;

    private static ScanResult scan(RepositorySnapshot snapshot) throws IOException {
        return new ManifestScanner().scan(snapshot);
    }

    @Test
    void describesEveryLocationWithPathDocumentObjectFieldAndPolicy() throws IOException {
        ScanResult result = scan(new InMemorySnapshot().file("apps/web.yaml", "---\nkind: Note\n---\n" + GOOD));
        assertThat(result.problems()).isEmpty();
        assertThat(result.locations()).hasSize(2);
        ImageLocation app = result.locations().get(0);
        assertThat(app.path()).isEqualTo("apps/web.yaml");
        assertThat(app.documentIndex()).isEqualTo(1);
        assertThat(app.object()).isEqualTo(new ObjectRef("apps", "v1", "Deployment", "shop", "web"));
        assertThat(app.field()).isEqualTo("spec.template.spec.containers[0].image");
        assertThat(app.line()).isEqualTo(14);
        assertThat(app.style()).isEqualTo(MarkerStyle.SHIPLOG);
        assertThat(app.policy()).isEqualTo("semver:^1.4");
        assertThat(app.current().toString()).isEqualTo("ghcr.io/acme/app:1.4.2");
        assertThat(app.locked()).isFalse();
        assertThat(app.trackDigest()).isFalse();
        assertThat(result.locations().get(1).trackDigest()).isTrue();
    }

    @Test
    void groupsUsagesByRepositoryInTheWatchList() throws IOException {
        ScanResult result = scan(new InMemorySnapshot().file("web.yaml", GOOD)
                .file("values.yaml", "image: nginx:1.25.3 # {\"$shiplog\": \"semver:~1.25\"}\n"));
        List<WatchedRepository> watch = result.watchList();
        assertThat(watch).extracting(WatchedRepository::repository).containsExactly("docker.io/library/nginx", "ghcr.io/acme/app");
        WatchedRepository app = watch.get(1);
        assertThat(app.registry()).isEqualTo("ghcr.io");
        assertThat(app.policies()).containsExactly("digest:latest", "semver:^1.4");
        assertThat(app.trackedTags()).containsExactly("latest");
        assertThat(app.usages()).hasSize(2);
        assertThat(result.locationsOf("nginx")).hasSize(1);
    }

    @Test
    void honoursTheShiplogLockAnnotationAndLockedMarkers() throws IOException {
        String locked = GOOD.replace("  namespace: shop\n", "  namespace: shop\n  annotations:\n    shiplog.io/locked: \"true\"\n");
        ScanResult result = scan(new InMemorySnapshot().file("a.yaml", locked)
                .file("b.yaml", "image: ghcr.io/acme/b:1.0.0 # {\"$shiplog\": \"semver:^1\", \"locked\": true}\n"));
        assertThat(result.locations()).hasSize(3).allMatch(ImageLocation::locked);
        assertThat(UpdatePlanner.plan(result.locations().get(2), List.of(TagCandidate.of("1.1.0"))))
                .isInstanceOf(LocationUpdate.Locked.class);
    }

    @Test
    void reportsInvalidYamlWithFileAndLineAndScansTheRest() throws IOException {
        ScanResult result = scan(new InMemorySnapshot().file("broken.yaml", "a: b\n  image: x # {\"$shiplog\": \"newest\"}\n: :\n")
                .file("good.yaml", GOOD));
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("broken.yaml");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).startsWith("invalid YAML");
        });
        assertThat(result.locations()).hasSize(2);
    }

    @Test
    void reportsAYamlBombInsteadOfExpandingIt() throws IOException {
        StringBuilder bomb = new StringBuilder("# {\"$shiplog\": \"newest\"}\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'z'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            bomb.append("]\n");
            prev = c;
        }
        ScanResult result = scan(new InMemorySnapshot().file("bomb.yaml", bomb.toString()).file("good.yaml", GOOD));
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("bomb.yaml");
            assertThat(p.line()).isEqualTo(8);
            assertThat(p.message()).contains("more than 50 aliases to collections").contains("YAML bomb");
        });
        assertThat(result.locations()).hasSize(2);
    }

    @Test
    void reportsDocumentsNestedTooDeeply() throws IOException {
        String deep = "# {\"$shiplog\": \"newest\"}\nx: " + "[".repeat(200) + "]".repeat(200) + "\n";
        ScanResult result = scan(new InMemorySnapshot().file("deep.yaml", deep));
        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("nesting"));
    }

    @Test
    void reportsMarkersThatCannotBeUsedWithTheirLine() throws IOException {
        String yaml = """
                a: ghcr.io/acme/a:1.0 # {"$shiplog": semver}
                b: ghcr.io/acme/b:1.0 # {"$shiplog": "semver:^1", "prt": "tag"}
                c: ghcr.io/acme/c:1.0 # {"$imagepolicy": "just-a-name"}
                d: "1.0" # {"$shiplog": "semver:^1", "part": "tag"}
                e: not an image # {"$shiplog": "semver:^1"}
                f: ghcr.io/acme/f:1.0 # {"$shiplog": "regex:^(unclosed"}
                g: ghcr.io/acme/g:1.0 # {"$imagepolicy": "flux-system:ghost"}
                h: ghcr.io/acme/h:1.0 # {"$shiplog": "semver:^1"}
                """;
        ScanResult result = scan(new InMemorySnapshot().file("m.yaml", yaml));
        assertThat(result.problems()).extracting(ScanProblem::toString).satisfiesExactly(
                p -> assertThat(p).startsWith("m.yaml:1: marker is not valid JSON"),
                p -> assertThat(p).startsWith("m.yaml:2: unknown key \"prt\" in marker"),
                p -> assertThat(p).startsWith("m.yaml:3: \"$imagepolicy\" must be \"<namespace>:<name>"),
                p -> assertThat(p).startsWith("m.yaml:4: no repository for this tag"),
                p -> assertThat(p).startsWith("m.yaml:5: invalid repository path 'not an image'"),
                p -> assertThat(p).startsWith("m.yaml:6: policy 'regex:^(unclosed': regex '^(unclosed' does not compile"),
                p -> assertThat(p).startsWith("m.yaml:7: ImagePolicy flux-system/ghost not found in the repository"));
        assertThat(result.locations()).extracting(l -> l.current().toString()).containsExactly("ghcr.io/acme/h:1.0");
    }

    @Test
    void readsKeelOptionsFromWhereKeelReadsThePolicy() throws IOException {
        String annotated = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  labels: {keel.sh/policy: major, keel.sh/matchPreRelease: "false"}
                  annotations: {%s}
                spec:
                  template:
                    spec:
                      containers: [{name: app, image: "ghcr.io/acme/app:1.4.0"}]
                """;
        ScanResult result = scan(new InMemorySnapshot()
                .file("a.yaml", annotated.formatted("a", "keel.sh/policy: minor"))
                .file("b.yaml", annotated.formatted("b", "keel.sh/policy: minor, keel.sh/matchPreRelease: \"True\""))
                .file("c.yaml", annotated.formatted("c", "other: x"))
                .file("d.yaml", annotated.formatted("d", "keel.observer/policy: patch").replace("labels: {keel.sh/policy: major, ", "labels: {")));
        assertThat(result.problems()).isEmpty();
        // annotations win over labels as a whole; a matchPreRelease present and not exactly "true" turns the match off
        assertThat(result.locations()).extracting(ImageLocation::policy)
                .containsExactly("keel:minor", "keel:minor;match-prerelease=false", "keel:major;match-prerelease=false",
                        "keel:patch");
    }

    @Test
    void readsFluxV1SemverFiltersWithFluxV1sLenientVersions() throws IOException {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  annotations: {fluxcd.io/automated: "true", fluxcd.io/tag.app: "semver:^1"}
                spec:
                  template:
                    spec:
                      containers: [{name: app, image: "ghcr.io/acme/app:1.3.0"}]
                """;
        ScanResult result = scan(new InMemorySnapshot().file("web.yaml", deployment));
        assertThat(result.locations()).extracting(ImageLocation::policy).containsExactly("semver:^1;lenient=true");
        assertThat(UpdatePlanner.plan(result.locations().get(0), List.of(TagCandidate.of("1.5"), TagCandidate.of("1.4.7"))))
                .isInstanceOfSatisfying(LocationUpdate.Change.class, c -> assertThat(c.to().tag()).isEqualTo("1.5"));
    }

    @Test
    void reportsAFluxPolicyWhoseImageRepositoryIsMissing() throws IOException {
        String policy = """
                apiVersion: image.toolkit.fluxcd.io/v1
                kind: ImagePolicy
                metadata: {name: app, namespace: flux-system}
                spec:
                  imageRepositoryRef: {name: nowhere}
                  policy: {semver: {range: 1.x}}
                """;
        ScanResult result = scan(new InMemorySnapshot().file("policy.yaml", policy)
                .file("app.yaml", "image: ghcr.io/acme/app:1.0.0 # {\"$imagepolicy\": \"flux-system:app\"}\n"));
        assertThat(result.problems()).extracting(ScanProblem::toString).singleElement().asString()
                .startsWith("app.yaml:1: ImageRepository flux-system/nowhere (of ImagePolicy flux-system/app) not found");
    }

    @Test
    void resolvesFluxPoliciesWrittenWithoutANamespace() throws IOException {
        String objects = """
                apiVersion: image.toolkit.fluxcd.io/v1beta2
                kind: ImagePolicy
                metadata: {name: app}
                spec:
                  imageRepositoryRef: {name: app}
                  filterTags: {pattern: '^main-(?P<ts>\\d+)$', extract: '$ts'}
                  policy: {numerical: {order: asc}}
                ---
                apiVersion: image.toolkit.fluxcd.io/v1beta2
                kind: ImageRepository
                metadata: {name: app}
                spec: {image: ghcr.io/acme/app}
                """;
        ScanResult result = scan(new InMemorySnapshot().file("flux/objects.yml", objects)
                .file("app.yaml", "image: ghcr.io/acme/app:main-1 # {\"$imagepolicy\": \"flux-system:app\"}\n"));
        assertThat(result.problems()).isEmpty();
        ImageLocation location = result.locations().get(0);
        assertThat(location.policy()).isEqualTo("numerical:asc;filter=^main-(?P<ts>\\d+)$;extract=$ts");
        assertThat(location.policyRef()).isEqualTo("flux-system:app");
        assertThat(location.style()).isEqualTo(MarkerStyle.FLUX_V2);
    }

    @Test
    void reportsFilesOverTheSizeLimitAndBinaryFilesAndScansTheRest() throws IOException {
        byte[] big = ("# {\"$shiplog\": \"newest\"}\n" + "x: y\n".repeat(300)).getBytes();
        byte[] binary = {'k', ':', ' ', 0, 1, 2, '\n'};
        ScanResult result = new ManifestScanner(new ScanLimits(1000, 50, 100)).scan(new InMemorySnapshot()
                .file("big.yaml", big).file("blob.yaml", binary).file("latin1.yaml", new byte[] {'a', ':', ' ', (byte) 0xE9, '\n', '#', '$', 's', 'h', 'i', 'p', 'l', 'o', 'g'})
                .file("good.yaml", GOOD));
        assertThat(result.problems()).extracting(ScanProblem::toString).containsExactly(
                "big.yaml: file of 1525 bytes is over the limit of 1000 bytes; not scanned",
                "blob.yaml: binary file (contains NUL bytes); not scanned",
                "latin1.yaml: not UTF-8 text (binary?); not scanned");
        assertThat(result.locations()).hasSize(2);
    }

    @Test
    void reportsSymlinksThatLeaveTheRepositoryAndDoesNotFollowAny(@TempDir Path dir) throws IOException {
        Path outside = Files.createTempFile("outside", ".yaml");
        try {
            Files.writeString(outside, GOOD);
            Path repo = Files.createDirectories(dir.resolve("repo"));
            Files.writeString(repo.resolve("good.yaml"), GOOD);
            Files.createSymbolicLink(repo.resolve("escape.yaml"), outside);
            Files.createSymbolicLink(repo.resolve("relative.yaml"), Path.of("../../etc/passwd"));
            Files.createSymbolicLink(repo.resolve("inside.yaml"), Path.of("good.yaml"));
            ScanResult result = scan(new DirectorySnapshot(repo));
            assertThat(result.problems()).extracting(ScanProblem::toString).containsExactly(
                    "escape.yaml: symlink to '" + outside + "' leaves the repository; not followed",
                    "relative.yaml: symlink to '../../etc/passwd' leaves the repository; not followed");
            assertThat(result.locations()).hasSize(2).allMatch(l -> l.path().equals("good.yaml"));
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void failsOnlyTheLocationWhoseRegexBacktracksCatastrophically() throws IOException {
        ScanResult result = scan(new InMemorySnapshot()
                .file("a.yaml", "image: ghcr.io/acme/a:aaaa # {\"$shiplog\": \"regex:^(.*a){12}$\"}\n")
                .file("b.yaml", "image: ghcr.io/acme/b:1.0.0 # {\"$shiplog\": \"semver:^1\"}\n"));
        List<TagCandidate> tags = List.of(TagCandidate.of("a".repeat(30) + "!"), TagCandidate.of("1.1.0"));
        LocationUpdate a = UpdatePlanner.plan(result.locations().get(0), tags);
        LocationUpdate b = UpdatePlanner.plan(result.locations().get(1), tags);
        assertThat(a).isInstanceOf(LocationUpdate.Failed.class);
        assertThat(a.reason()).contains("exceeded its evaluation budget");
        assertThat(b).isInstanceOf(LocationUpdate.Change.class);
    }

    @Test
    void skipsFilesThatMentionNoAutomationWithoutParsingThem() throws IOException {
        ScanResult result = scan(new InMemorySnapshot().file("plain.yaml", "a: [unclosed\n").file("notes.txt", "$shiplog"));
        assertThat(result.problems()).isEmpty();
        assertThat(result.filesParsed()).isZero();
    }

    @Test
    void combinesCachedFileScansWithFreshOnesLikeAFullScan() throws IOException {
        String policy = """
                apiVersion: image.toolkit.fluxcd.io/v1
                kind: ImagePolicy
                metadata: {name: app, namespace: flux-system}
                spec:
                  imageRepositoryRef: {name: app}
                  policy: {semver: {range: 1.x}}
                ---
                apiVersion: image.toolkit.fluxcd.io/v1
                kind: ImageRepository
                metadata: {name: app, namespace: flux-system}
                spec: {image: ghcr.io/acme/app}
                """;
        InMemorySnapshot first = new InMemorySnapshot().file("flux.yaml", policy)
                .file("app.yaml", "image: ghcr.io/acme/app:1.0.0 # {\"$imagepolicy\": \"flux-system:app\"}\n");
        ManifestScanner scanner = new ManifestScanner();
        java.util.Map<String, FileScan> cache = new java.util.HashMap<>();
        for (RepositorySnapshot.Entry e : first.entries()) {
            cache.put(e.path(), scanner.scanFile(first, e));
        }
        InMemorySnapshot second = new InMemorySnapshot().file("flux.yaml", policy)
                .file("app.yaml", "image: ghcr.io/acme/app:1.1.0 # {\"$imagepolicy\": \"flux-system:app\"}\n");
        RepositorySnapshot.Entry changed = second.entries().stream().filter(e -> e.path().equals("app.yaml")).findFirst().orElseThrow();
        cache.put("app.yaml", scanner.scanFile(second, changed));

        ScanResult incremental = scanner.resolve(cache.values());
        ScanResult full = scanner.scan(second);
        assertThat(incremental.locations()).isEqualTo(full.locations());
        assertThat(incremental.locations()).singleElement().satisfies(l -> {
            assertThat(l.current().tag()).isEqualTo("1.1.0");
            assertThat(l.policy()).isEqualTo("semver:1.x");
        });
        assertThat(cache.get("flux.yaml").parsed()).isTrue();
    }
}
