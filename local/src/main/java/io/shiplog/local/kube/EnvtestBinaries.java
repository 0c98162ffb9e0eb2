package io.shiplog.local.kube;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        if (repoRootProperty != null && !repoRootProperty.isBlank()) {
            Path script = Path.of(repoRootProperty.trim()).resolve(SCRIPT);
            if (!Files.isRegularFile(script)) {
                throw new IllegalStateException("-D" + REPO_ROOT_PROPERTY + "=" + repoRootProperty
                        + " does not contain " + SCRIPT);
            }
            return script;
        }
        for (Path dir = workingDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve(SCRIPT);
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException("cannot find kube-apiserver and etcd: " + ASSETS_ENV + " is not set, -D"
                + REPO_ROOT_PROPERTY + " is not set and no directory above " + workingDir + " holds " + SCRIPT);
    }

    private static Path runScript(Path script) {
        Path stdout;
        Process process;
        try {
            stdout = Files.createTempFile("shiplog-envtest-assets-", ".out");
            process = new ProcessBuilder("bash", script.toString())
                    .directory(script.getParent().getParent().toFile())
                    .redirectOutput(stdout.toFile())
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        }
        Thread stderrPump = pump(process.getErrorStream(), script.getFileName().toString());
        try {
            if (!process.waitFor(SCRIPT_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within " + SCRIPT_TIMEOUT.toMinutes()
                        + " minutes");
            }
            stderrPump.join(TimeUnit.SECONDS.toMillis(5));
            if (process.exitValue() != 0) {
                throw new IllegalStateException(script + " failed with exit code " + process.exitValue()
                        + " (its messages are above in the test output)");
            }
            List<String> lines = Files.readAllLines(stdout).stream().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty()) {
                throw new IllegalStateException(script + " printed no directory");
            }
            return Path.of(lines.get(lines.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + script, e);
        } finally {
            try {
                Files.deleteIfExists(stdout);
            } catch (IOException e) {
                // a leftover file of a few bytes in the temp directory is harmless
            }
        }
    }

    /** Copies the script's progress messages to the test output as they come (a cold build takes minutes). */
    private static Thread pump(InputStream stream, String prefix) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    System.err.println("[" + prefix + "] " + line);
                }
            } catch (IOException e) {
                System.err.println("[" + prefix + "] (stopped reading its messages: " + e.getMessage() + ")");
            }
        }, "envtest-assets-stderr");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
