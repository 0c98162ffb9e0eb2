package io.shiplog.local.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real component running as a child process, its output captured in a log file that is shown when
 * start-up fails.
 *
 * <p>How it stops: {@link #close()}, and a shutdown hook at JVM exit (Ctrl-C, SIGTERM, {@code System.exit}), send
 * SIGTERM to the process and every descendant, wait up to {@link #STOP_GRACE} and then SIGKILL whatever is left.
 * Hooks run in parallel, so a JVM with many children stops in about the grace period. A JVM that cannot run hooks
 * (SIGKILL, crash) still takes its children with it where {@link ParentDeath} is available: every child is started
 * through {@code setpriv --pdeathsig KILL} from one launcher thread that lives as long as the JVM.
 */
public final class ChildProcess implements AutoCloseable {

    /** How long a child has to exit after SIGTERM before it is killed. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private static final Duration KILL_WAIT = Duration.ofSeconds(2);
    /** One thread for the JVM's lifetime: the parent-death signal fires when the starting thread ends. */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "shiplog-child-launcher");
        thread.setDaemon(true);
        return thread;
    });

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Thread shutdownHook;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::destroy, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code command} in {@code workDir} with extra environment, output going to {@code logFile}; it dies
     * with the JVM (see {@link ParentDeath}).
     */
    public static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env,
                                     Path logFile) {
        ProcessBuilder builder = new ProcessBuilder(ParentDeath.wrap(command))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        builder.environment().putAll(env);
        try {
            return new ChildProcess(name, launch(builder), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    /** Whether children die with the JVM even when it is killed with SIGKILL. */
    public static boolean diesWithJvm() {
        return ParentDeath.available();
    }

    /** Starts the process on the launcher thread; an interrupt waits for the start so no process goes untracked. */
    private static Process launch(ProcessBuilder builder) throws IOException {
        Future<Process> started = LAUNCHER.submit(builder::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return started.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits until {@code ready} answers true, failing with the tail of the log when the process exits first or
     * the timeout passes.
     */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " during start-up; its log:\n" + logTail());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(Duration.ofMillis(50));
        }
        destroy();
        throw new IllegalStateException(name + " was not ready after " + timeout.toSeconds() + " s; its log:\n"
                + logTail());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** The last 60 lines the process wrote. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        destroy();
        ShutdownHooks.remove(shutdownHook);
    }

    /**
     * SIGKILL to the process and its descendants at once, as a crash or the kernel's OOM killer would end it: no
     * shutdown hook, no graceful stop. Returns when they are gone.
     */
    public void kill() {
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitExit(tree, KILL_WAIT);
        ShutdownHooks.remove(shutdownHook);
    }

    /** SIGTERM to the process and its descendants, SIGKILL to those still alive after the grace period. */
    private void destroy() {
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        if (awaitExit(tree, STOP_GRACE)) {
            return;
        }
        List<ProcessHandle> late = Stream.concat(tree.stream(), process.descendants()).distinct()
                .filter(this::running).toList();
        late.forEach(ProcessHandle::destroyForcibly);
        awaitExit(late, KILL_WAIT);
    }

    private boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(this::running)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a process of the tree still runs. The child itself until it is reaped: its pid is reaped only once
     * all its threads have exited, so its ports and files are released by then. A descendant (which its own parent
     * or init reaps) until it is a zombie with no thread left; a zombie thread-group leader whose other threads are
     * still exiting still holds its files.
     */
    private boolean running(ProcessHandle handle) {
        if (handle.pid() == process.pid()) {
            return process.isAlive();
        }
        if (!handle.isAlive()) {
            return false;
        }
        Path proc = Path.of("/proc", Long.toString(handle.pid()));
        try {
            String stat = Files.readString(proc.resolve("stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            if (state != 'Z' && state != 'X') {
                return true;
            }
            try (Stream<Path> threads = Files.list(proc.resolve("task"))) {
                return threads.count() > 1;
            }
        } catch (IOException | RuntimeException noProcFs) {
            return handle.isAlive();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a component to start", e);
        }
    }
}
