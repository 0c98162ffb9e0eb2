package io.shiplog.local.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * git's own programs in {@code git --exec-path}, run directly rather than as {@code git <command>}: the {@code git}
 * front end runs a non-builtin command as its child and waits, so the program would not be the process that
 * {@link io.shiplog.local.support.ChildProcess} starts, stops and makes die with the JVM.
 */
final class GitPrograms {

    private static volatile Path execPath;

    private GitPrograms() {
    }

    /** {@code <exec-path>/<name>}, e.g. {@code git-daemon}; fails when it is not there. */
    static Path locate(String name) {
        Path program = execPath().resolve(name);
        if (!Files.isExecutable(program)) {
            throw new IllegalStateException(name + " not found at " + program);
        }
        return program;
    }

    private static Path execPath() {
        Path known = execPath;
        if (known == null) {
            known = Path.of(run("git", "--exec-path"));
            execPath = known;
        }
        return known;
    }

    /**
     * Packs the loose objects of the bare repository {@code repository} into one pack with deltas ({@code git repack
     * -d}), as {@code git receive-pack} keeps a push of many objects: fetches then reuse the pack's deltas instead of
     * {@code git pack-objects} working them out again for every fetch.
     */
    static void repack(Path repository) {
        try {
            Process process = new ProcessBuilder("git", "-C", repository.toString(), "repack", "-d", "-q")
                    .redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("'git repack' of " + repository + " did not finish within 60 s");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new IllegalStateException("'git repack' of " + repository + " failed with code "
                        + process.exitValue() + ": " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git repack: is git installed?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while repacking " + repository, e);
        }
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish within 10 s");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed with code "
                        + process.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git: is it installed?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while locating git", e);
        }
    }
}
