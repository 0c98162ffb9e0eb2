package io.shiplog.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvtestBinariesTest {

    @TempDir
    Path dir;

    @Test
    void usesKubebuilderAssetsWhenItHoldsBothBinaries() throws IOException {
        executable(dir.resolve("kube-apiserver"));
        executable(dir.resolve("etcd"));

        EnvtestBinaries binaries = EnvtestBinaries.locate(Map.of("KUBEBUILDER_ASSETS", dir.toString()), null, dir);

        assertThat(binaries.kubeApiServer()).isEqualTo(dir.resolve("kube-apiserver"));
        assertThat(binaries.etcd()).isEqualTo(dir.resolve("etcd"));
    }

    @Test
    void rejectsKubebuilderAssetsWithoutEtcdNamingTheVariable() throws IOException {
        executable(dir.resolve("kube-apiserver"));

        assertThatThrownBy(() -> EnvtestBinaries.locate(Map.of("KUBEBUILDER_ASSETS", dir.toString()), null, dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KUBEBUILDER_ASSETS=" + dir)
                .hasMessageContaining("no executable etcd");
    }

    @Test
    void findsTheScriptByWalkingUpFromTheWorkingDirectory() throws IOException {
        Path script = Files.createDirectories(dir.resolve("scripts")).resolve("envtest-assets.sh");
        Files.writeString(script, "#!/bin/sh\n");
        Path module = Files.createDirectories(dir.resolve("testkit/target"));

        assertThat(EnvtestBinaries.findScript(null, module)).isEqualTo(script);
    }

    @Test
    void prefersTheRepoRootPropertyAndRejectsOneWithoutTheScript() {
        assertThatThrownBy(() -> EnvtestBinaries.findScript(dir.toString(), Path.of(".")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-Dshiplog.repo.root=" + dir)
                .hasMessageContaining("scripts/envtest-assets.sh");
    }

    @Test
    void failsClearlyWhenNothingPointsToTheBinaries() {
        assertThatThrownBy(() -> EnvtestBinaries.findScript(null, dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KUBEBUILDER_ASSETS is not set");
    }

    @Test
    void takesTheLastLineTheScriptPrintsAsTheDirectory() throws IOException {
        Path assets = Files.createDirectories(dir.resolve("assets"));
        executable(assets.resolve("kube-apiserver"));
        executable(assets.resolve("etcd"));
        Path script = Files.createDirectories(dir.resolve("repo/scripts")).resolve("envtest-assets.sh");
        Files.writeString(script, "echo progress >&2\necho unrelated\necho '" + assets + "'\n");

        EnvtestBinaries binaries = EnvtestBinaries.locate(Map.of(), dir.resolve("repo").toString(), dir);

        assertThat(binaries.directory()).isEqualTo(assets);
    }

    @Test
    void reportsAFailingScriptWithItsExitCode() throws IOException {
        Path script = Files.createDirectories(dir.resolve("repo/scripts")).resolve("envtest-assets.sh");
        Files.writeString(script, "echo 'no Go here' >&2\nexit 3\n");

        assertThatThrownBy(() -> EnvtestBinaries.locate(Map.of(), dir.resolve("repo").toString(), dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exit code 3");
    }

    private static void executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
