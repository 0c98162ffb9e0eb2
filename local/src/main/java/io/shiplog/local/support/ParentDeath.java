package io.shiplog.local.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Makes a child process die with the JVM even when the JVM cannot run its shutdown hooks (SIGKILL, a crash, the
 * OOM killer). Linux offers this as the parent-death signal ({@code prctl(PR_SET_PDEATHSIG)}), which Java cannot
 * call; util-linux's {@code setpriv --pdeathsig KILL -- <command>} sets it and then execs the command, so the child
 * keeps its pid and no extra process stays around. {@code setpriv} is part of Debian's essential util-linux package;
 * where it is missing (or is too old for {@code --pdeathsig}) commands run unwrapped and only shutdown hooks and
 * {@link ChildProcess#close()} stop them.
 *
 * <p>Two caveats shape how it is used. The signal fires when the <em>thread</em> that started the child ends, not
 * the JVM, so {@link ChildProcess} starts every child from one thread that lives as long as the JVM. And the
 * setting is not inherited by the child's own children: a program that forks its server (such as {@code runuser})
 * must wrap the program it forks as well, see {@link #wrap(List)}.
 */
public final class ParentDeath {

    private static final Optional<Path> SETPRIV = probe();

    private ParentDeath() {
    }

    /** Whether commands given to {@link #wrap(List)} die with their parent here. */
    public static boolean available() {
        return SETPRIV.isPresent();
    }

    /**
     * {@code command} prefixed with {@code setpriv --pdeathsig KILL --}, so that it is killed when its parent (the
     * thread that started it) ends; {@code command} unchanged where that is not available.
     */
    public static List<String> wrap(List<String> command) {
        if (SETPRIV.isEmpty()) {
            return List.copyOf(command);
        }
        List<String> wrapped = new ArrayList<>(List.of(SETPRIV.get().toString(), "--pdeathsig", "KILL", "--"));
        wrapped.addAll(command);
        return List.copyOf(wrapped);
    }

    private static Optional<Path> probe() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.empty();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "setpriv");
            if (Files.isExecutable(candidate) && works(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static boolean works(Path setpriv) {
        try {
            Process process = new ProcessBuilder(setpriv.toString(), "--pdeathsig", "KILL", "--", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
