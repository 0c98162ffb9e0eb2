package io.shiplog.cli.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsUpdateCommandTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: "ghcr.io/acme/app:1.4.2" # {"$shiplog": "semver:^1.4"}
            """;
    private static final String VALUES = "image:\r\n  repository: ghcr.io/acme/app # {\"$shiplog\": \"semver:^1.4\", \"part\": \"repository\"}\r\n"
            + "  tag: '1.4.2' # {\"$shiplog\": \"semver:^1.4\", \"part\": \"tag\"}";

    @TempDir
    Path dir;

    @BeforeEach
    void repository() throws Exception {
        Files.createDirectories(dir.resolve("apps/web"));
        Files.writeString(dir.resolve("apps/web/deployment.yaml"), DEPLOYMENT);
        Files.writeString(dir.resolve("apps/web/values.yaml"), VALUES);
    }

    @Test
    void rewritesOnlyTheImageValuesInPlaceAndSaysWhatChanged() throws Exception {
        CliRun run = CliRun.run("", "manifests", "update", "--dir", dir.toString(), "--set", "ghcr.io/acme/app=ghcr.io/acme/app:1.5.0");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("""
                apps/web/deployment.yaml:10 spec.template.spec.containers[0].image: ghcr.io/acme/app:1.4.2 -> ghcr.io/acme/app:1.5.0 (shiplog, semver:^1.4)
                apps/web/values.yaml:3 image.tag: ghcr.io/acme/app:1.4.2 -> ghcr.io/acme/app:1.5.0 (shiplog, semver:^1.4)
                """);
        assertThat(Files.readString(dir.resolve("apps/web/deployment.yaml"))).isEqualTo(DEPLOYMENT.replace("1.4.2", "1.5.0"));
        assertThat(Files.readString(dir.resolve("apps/web/values.yaml"))).isEqualTo(VALUES.replace("1.4.2", "1.5.0"));
    }

    @Test
    void printsAUnifiedDiffAndWritesNothingOnADryRun() throws Exception {
        CliRun run = CliRun.run("", "manifests", "update", "--dir", dir.toString(), "--dry-run",
                "--set", "ghcr.io/acme/app=ghcr.io/acme/app:1.5.0", "--only", "apps/web/values.yaml");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("""
                --- a/apps/web/values.yaml
                +++ b/apps/web/values.yaml
                @@ -1,3 +1,3 @@
                 image:
                   repository: ghcr.io/acme/app # {"$shiplog": "semver:^1.4", "part": "repository"}
                -  tag: '1.4.2' # {"$shiplog": "semver:^1.4", "part": "tag"}
                \\ No newline at end of file
                +  tag: '1.5.0' # {"$shiplog": "semver:^1.4", "part": "tag"}
                \\ No newline at end of file
                """);
        assertThat(Files.readString(dir.resolve("apps/web/values.yaml"))).isEqualTo(VALUES);
        assertThat(Files.readString(dir.resolve("apps/web/deployment.yaml"))).isEqualTo(DEPLOYMENT);
    }

    @Test
    void setsFluxSettersByPolicyWhenTheImagePolicyLivesOnlyInTheCluster() throws Exception {
        String kustomization = """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                images:
                  - name: app
                    newName: nginx # {"$imagepolicy": "flux-system:app:name"}
                    newTag: 1.4.2 # {"$imagepolicy": "flux-system:app:tag"}
                """;
        Files.writeString(dir.resolve("apps/web/Kustomization"), kustomization);
        CliRun run = CliRun.run("", "manifests", "update", "--dir", dir.toString(),
                "--set", "flux-system:app=ghcr.io/acme/app:2.0.0");
        assertThat(run.status()).isZero();
        assertThat(run.err()).doesNotContain("warning");
        assertThat(run.out()).isEqualTo("apps/web/Kustomization:6 images[0].newTag: ghcr.io/acme/app:1.4.2 -> ghcr.io/acme/app:2.0.0"
                + " (flux_v2, ImagePolicy flux-system/app not in the repository)\n");
        assertThat(Files.readString(dir.resolve("apps/web/Kustomization")))
                .isEqualTo(kustomization.replace("nginx", "ghcr.io/acme/app").replace("1.4.2", "2.0.0"));
        assertThat(Files.readString(dir.resolve("apps/web/deployment.yaml"))).isEqualTo(DEPLOYMENT);
    }

    @Test
    void failsClearlyWhenNothingMatchesAndWarnsAboutBadFiles() throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), "x: ghcr.io/acme/x:1 # {\"$shiplog\": \"semver:^1\"\n");
        CliRun run = CliRun.run("", "manifests", "update", "--dir", dir.toString(), "--set", "ghcr.io/acme/other=ghcr.io/acme/other:2");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("warning: broken.yaml:1: marker is not valid JSON")
                .contains("no automated image matches 'ghcr.io/acme/other'");
        assertThat(Files.readString(dir.resolve("apps/web/deployment.yaml"))).isEqualTo(DEPLOYMENT);
    }

    @Test
    void rejectsBadArguments() {
        CliRun badSet = CliRun.run("", "manifests", "update", "--dir", dir.toString(), "--set", "ghcr.io/acme/app");
        assertThat(badSet.status()).isEqualTo(2);
        assertThat(badSet.err()).contains("expected <repository-or-policy-ref>=<image-ref>");
        CliRun badDir = CliRun.run("", "manifests", "update", "--dir", dir.resolve("nope").toString(), "--set", "a=a:1");
        assertThat(badDir.status()).isEqualTo(2);
        assertThat(badDir.err()).contains("is not a directory");
    }

    @Test
    void leavesLockedWorkloadsAlone() throws Exception {
        Files.writeString(dir.resolve("apps/web/deployment.yaml"),
                DEPLOYMENT.replace("  name: web\n", "  name: web\n  annotations:\n    fluxcd.io/locked: 'true'\n"));
        CliRun run = CliRun.run("", "manifests", "update", "--dir", dir.toString(), "--set", "ghcr.io/acme/app=ghcr.io/acme/app:1.5.0");
        assertThat(run.status()).isZero();
        assertThat(run.err()).contains("apps/web/deployment.yaml:12 spec.template.spec.containers[0].image: locked, not changed");
        assertThat(run.out()).doesNotContain("deployment.yaml");
    }
}
