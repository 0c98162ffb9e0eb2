package io.shiplog.gitwriter.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.config.ClusterProperties;
import io.shiplog.gitwriter.edit.AppSelector;
import io.shiplog.gitwriter.edit.LocationUpdate;
import io.shiplog.gitwriter.manifest.DirectorySnapshot;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.schemas.event.EventCause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shiplog release --app/--cluster}: which of an image's locations a release moves, in a repository where two workloads,
 * a kustomization's {@code images:} entry and a Helm values file all use the same image.
 */
class BatchPlannerAppsTest {

    private static final String IMAGE = "registry.example.com/team/app";

    @TempDir
    Path repo;

    private ScanResult scan;

    @BeforeEach
    void aRepositoryWhereFourPlacesUseTheSameImage() throws Exception {
        write("apps/shop/deployment.yaml", deployment("shop"));
        write("apps/web/deployment.yaml", deployment("web"));
        write("overlays/prod/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                metadata:
                  name: shop
                resources:
                  - ../../apps/shop
                images:
                  - name: app
                    newName: %s # {"$shiplog": "semver:^1", "part": "repository"}
                    newTag: "1.0.0" # {"$shiplog": "semver:^1", "part": "tag"}
                """.formatted(IMAGE));
        write("charts/billing/values.yaml", """
                image:
                  repository: %s # {"$shiplog": "semver:^1", "part": "repository"}
                  tag: "1.0.0" # {"$shiplog": "semver:^1", "part": "tag"}
                """.formatted(IMAGE));
        scan = new ManifestScanner().scan(new DirectorySnapshot(repo));
        assertThat(scan.locationsOf(IMAGE)).hasSize(4);
    }

    @Test
    void aWorkloadNameMovesOnlyThatWorkload() {
        assertThat(changedPaths(release("web"))).containsExactly("apps/web/deployment.yaml");
    }

    @Test
    void aRepositoryPathMovesEveryLocationInFilesAtOrBelowIt() {
        assertThat(changedPaths(release("apps"))).containsExactlyInAnyOrder("apps/shop/deployment.yaml",
                "apps/web/deployment.yaml");
        assertThat(changedPaths(release("./apps/shop/"))).containsExactly("apps/shop/deployment.yaml");
        assertThat(changedPaths(release("apps/web/deployment.yaml"))).containsExactly("apps/web/deployment.yaml");
    }

    @Test
    void aPathIsAPrefixOfWholeDirectoriesNotOfNames() {
        BatchPlanner.Plan plan = release("apps/sh");

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.skipped()).singleElement().satisfies(skip ->
                assertThat(skip.detail()).startsWith("app 'apps/sh' has no automated image of " + IMAGE));
    }

    @Test
    void aKustomizationImagesEntryAndAValuesFileBelongToTheirDirectoryNotToANameInThem() {
        assertThat(changedPaths(release("overlays/prod"))).containsExactly("overlays/prod/kustomization.yaml");
        assertThat(changedPaths(release("charts/billing"))).containsExactly("charts/billing/values.yaml");
        // the kustomization's own metadata.name is not a workload: only the Deployment named shop moves
        assertThat(changedPaths(release("shop"))).containsExactly("apps/shop/deployment.yaml");
    }

    @Test
    void severalAppsMoveTheLocationsOfEach() {
        assertThat(changedPaths(release("web", "charts/billing"))).containsExactlyInAnyOrder(
                "apps/web/deployment.yaml", "charts/billing/values.yaml");
    }

    @Test
    void noAppMovesEveryLocationOfTheImage() {
        assertThat(changedPaths(release())).hasSize(4);
    }

    @Test
    void anAppWithNoLocationOfTheImageRefusesTheWholeReleaseNamingTheAppAndTheImage() {
        BatchPlanner.Plan plan = release("web", "checkout");

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.reason()).isEqualTo(CommitRecord.SkipReason.NO_USAGE);
            assertThat(skip.repository()).isEqualTo(IMAGE);
            assertThat(skip.tag()).isEqualTo("1.1.0");
            assertThat(skip.detail()).isEqualTo("app 'checkout' has no automated image of " + IMAGE
                    + " on this branch (an app is a workload's name or a repository path); nothing released");
        });
    }

    @Test
    void aLocationOfTheAppThePolicyRefusesIsSkippedWithThePolicysReason() {
        BatchPlanner.Plan plan = BatchPlanner.plan(scan, new TagStore(), List.of(new Work.Release(IMAGE, "2.0.0",
                null, false, "ops", new EventCause("release-1", "event-1"), null, new AppSelector(List.of("web")),
                List.of())));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.reason()).isEqualTo(CommitRecord.SkipReason.NOT_SELECTED_BY_POLICY);
            assertThat(skip.path()).isEqualTo("apps/web/deployment.yaml");
        });
    }

    @Test
    void aClusterMovesOnlyTheLocationsUnderItsPaths() {
        assertThat(changedPaths(release(List.of(cluster("prod", "overlays/prod", "charts")))))
                .containsExactlyInAnyOrder("overlays/prod/kustomization.yaml", "charts/billing/values.yaml");
    }

    @Test
    void anAppInAClusterMovesOnlyTheAppsLocationsUnderTheClustersPaths() {
        assertThat(changedPaths(release(List.of(cluster("prod", "apps/web", "charts")), "web", "charts/billing")))
                .containsExactlyInAnyOrder("apps/web/deployment.yaml", "charts/billing/values.yaml");
    }

    @Test
    void aClusterWithNoLocationOfTheImageRefusesTheWholeReleaseNamingTheCluster() {
        BatchPlanner.Plan plan = release(List.of(cluster("prod", "apps"), cluster("edge", "edge")));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.reason()).isEqualTo(CommitRecord.SkipReason.NO_USAGE);
            assertThat(skip.detail()).isEqualTo("cluster 'edge' has no automated image of " + IMAGE
                    + " under its paths [edge]; nothing released");
        });
    }

    @Test
    void anAppOutsideTheClustersPathsRefusesTheReleaseNamingBoth() {
        BatchPlanner.Plan plan = release(List.of(cluster("prod", "apps")), "billing");

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.skipped()).singleElement().extracting(CommitRecord.Skipped::detail).isEqualTo("app 'billing' "
                + "has no automated image of " + IMAGE + " in cluster prod on this branch (an app is a workload's "
                + "name or a repository path); nothing released");
    }

    private BatchPlanner.Plan release(String... apps) {
        return release(List.of(), apps);
    }

    private BatchPlanner.Plan release(List<ClusterProperties> clusters, String... apps) {
        return BatchPlanner.plan(scan, new TagStore(), List.of(new Work.Release(IMAGE, "1.1.0", null, false, "ops",
                new EventCause("release-1", "event-1"), null, new AppSelector(List.of(apps)), clusters)));
    }

    private static ClusterProperties cluster(String name, String... paths) {
        return new ClusterProperties(name, "", List.of(paths));
    }

    private static List<String> changedPaths(BatchPlanner.Plan plan) {
        assertThat(plan.skipped()).isEmpty();
        return plan.changes().stream().map(LocationUpdate.Change::location).map(l -> l.path()).toList();
    }

    private void write(String path, String content) throws Exception {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String deployment(String name) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  template:
                    spec:
                      containers:
                        - name: main
                          image: %s:1.0.0 # {"$shiplog": "semver:^1"}
                """.formatted(name, name, IMAGE);
    }
}
