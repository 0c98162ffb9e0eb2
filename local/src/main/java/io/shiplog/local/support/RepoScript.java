package io.shiplog.local.support;

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
import java.util.concurrent.TimeUnit;

/**
 * A script of this repository's {@code scripts/} folder that builds and caches pinned binaries and prints the
 * directory holding them on its last line (envtest-assets.sh, render-tools.sh): found from the repository root
 * (a system property Failsafe sets) or above the working directory, run with its progress copied to the test output.
 */
public final class RepoScript {

    private RepoScript() {
    }

    /**
     * The script {@code relative} (e.g. {@code scripts/envtest-assets.sh}) under the root named by the system property
     * {@code rootProperty} (value {@code rootValue}), else in the nearest directory above {@code workingDir}.
     *
     * @param notFound how the error begins when neither holds it
     */
    public static Path find(String relative, String rootProperty, String rootValue, Path workingDir, String notFound) {
        if (rootValue != null && !rootValue.isBlank()) {
            Path script = Path.of(rootValue.trim()).resolve(relative);
            if (!Files.isRegularFile(script)) {
                throw new IllegalStateException("-D" + rootProperty + "=" + rootValue + " does not contain "
                        + relative);
            }
            return script;
        }
        for (Path dir = workingDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve(relative);
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException(notFound + ", -D" + rootProperty + " is not set and no directory above "
                + workingDir + " holds " + relative);
    }

    /**
     * The directory the environment variable {@code environment} names, else the last line printed by the repository
     * script {@code relative} (found from {@code shiplog.repo.root} or the working directory), which builds and caches
     * what it names; {@code notFound} says what is missing when neither is there.
     */
    public static Path directory(String environment, String relative, Duration timeout, String notFound) {
        String configured = System.getenv(environment);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        Path script = find(relative, "shiplog.repo.root", System.getProperty("shiplog.repo.root"),
                Path.of(System.getProperty("user.dir")), notFound + ": " + environment + " is not set");
        return lastLine(script, timeout);
    }

    /** Runs {@code script} from the repository root and returns the last line it printed (a directory). */
    public static Path lastLine(Path script, Duration timeout) {
        Path stdout;
        Process process;
        try {
            stdout = Files.createTempFile("shiplog-script-", ".out");
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
            if (!process.waitFor(timeout.toMinutes(), TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within " + timeout.toMinutes()
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
        }, prefix + "-stderr");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
