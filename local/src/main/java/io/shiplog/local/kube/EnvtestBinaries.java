package io.shiplog.local.kube;

import io.shiplog.local.support.RepoScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The directory holding {@code kube-apiserver} and {@code etcd}, found the envtest way: {@code KUBEBUILDER_ASSETS}
 * when set, otherwise whatever {@code scripts/envtest-assets.sh} prints (it builds and caches pinned versions on
 * first use, which can take minutes).
 */
public record EnvtestBinaries(Path directory) {

    /** The envtest convention for a directory holding the binaries. */
    public static final String ASSETS_ENV = "KUBEBUILDER_ASSETS";
    /** System property naming the repository root; Failsafe sets it. */
    public static final String REPO_ROOT_PROPERTY = "shiplog.repo.root";
    static final String SCRIPT = "scripts/envtest-assets.sh";

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(45);
    private static EnvtestBinaries located;

    public EnvtestBinaries {
        for (String binary : List.of("kube-apiserver", "etcd")) {
            Path file = directory.resolve(binary);
            if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
                throw new IllegalStateException("no executable " + binary + " in " + directory);
            }
        }
    }

    public Path kubeApiServer() {
        return directory.resolve("kube-apiserver");
    }

    public Path etcd() {
        return directory.resolve("etcd");
    }

    /** Locates the binaries once per JVM, building them if needed. */
    public static synchronized EnvtestBinaries locate() {
        if (located == null) {
            located = locate(System.getenv(), System.getProperty(REPO_ROOT_PROPERTY),
                    Path.of(System.getProperty("user.dir")));
        }
        return located;
    }

    static EnvtestBinaries locate(Map<String, String> env, String repoRootProperty, Path workingDir) {
        String assets = env.get(ASSETS_ENV);
        if (assets != null && !assets.isBlank()) {
            Path dir = Path.of(assets.trim());
            try {
                return new EnvtestBinaries(dir);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(ASSETS_ENV + "=" + assets + " is not usable: " + e.getMessage(), e);
            }
        }
        Path script = findScript(repoRootProperty, workingDir);
        return new EnvtestBinaries(runScript(script));
    }

    static Path findScript(String repoRootProperty, Path workingDir) {
        return RepoScript.find(SCRIPT, REPO_ROOT_PROPERTY, repoRootProperty, workingDir,
                "cannot find kube-apiserver and etcd: " + ASSETS_ENV + " is not set");
    }

    private static Path runScript(Path script) {
        return RepoScript.lastLine(script, SCRIPT_TIMEOUT);
    }
}
