package io.shiplog.cluster.render.tool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One run of a renderer as a child process, bounded: a deadline (the process tree is killed when it passes), a
 * virtual-memory limit ({@code prlimit}, plus {@code GOMEMLIMIT} for Go tools), a cap on its output, an empty
 * environment except what is given, and no network when asked ({@code unshare -rn}, where the kernel allows it).
 *
 * @param command     the executable and its arguments
 * @param directory   the working directory
 * @param environment the only environment variables the tool sees ({@code HOME} and {@code PATH} are set to harmless
 *                    values unless given)
 * @param stdin       bytes written to its standard input (empty: none)
 * @param timeout     how long it may run
 * @param memoryBytes its virtual-memory limit (0: none)
 * @param maxOutput   the most bytes of standard output kept; more fails the run
 * @param network     whether it may use the network
 */
public record ToolRun(List<String> command, Path directory, Map<String, String> environment, byte[] stdin,
                      Duration timeout, long memoryBytes, int maxOutput, boolean network) {

    private static final int MAX_STDERR = 64 * 1024;
    private static final boolean PRLIMIT = Files.isExecutable(Path.of("/usr/bin/prlimit"));
    private static final boolean UNSHARE = isolationWorks();

    public ToolRun {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        stdin = stdin == null ? new byte[0] : stdin;
    }

    /** What the tool printed and how it ended. */
    public record Result(int exitCode, byte[] stdout, String stderr, Duration took) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The first lines of standard error, for an error message. */
        public String stderrSummary() {
            String text = stderr.strip();
            String[] lines = text.split("\n");
            StringBuilder summary = new StringBuilder();
            for (int i = 0; i < Math.min(lines.length, 8); i++) {
                summary.append(i == 0 ? "" : "; ").append(lines[i].strip());
            }
            if (lines.length > 8) {
                summary.append("; …");
            }
            return summary.isEmpty() ? "(no message; exit code " + exitCode + ")" : summary.toString();
        }
    }

    /** Whether child processes here can be kept off the network. */
    public static boolean networkIsolationAvailable() {
        return UNSHARE;
    }

    /**
     * Runs it and waits. A tool that passes the deadline or prints more than {@code maxOutput} is killed and reported
     * as a {@link ToolFailedException}; a tool that exits non-zero is a {@link Result} with its exit code.
     */
    public Result run() {
        ProcessBuilder builder = bounded(command, directory, environment, memoryBytes, network);
        String name = Path.of(command.get(0)).getFileName().toString();
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ToolFailedException(name + " could not be started: " + e.getMessage());
        }
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream(),
                    maxOutput, process));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream(),
                    MAX_STDERR, null));
            try (OutputStream input = process.getOutputStream()) {
                input.write(stdin);
            } catch (IOException ignored) {
                // the tool closed its input early; its exit code and message tell why
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new ToolFailedException(name + " did not finish within " + timeout + " and was stopped");
            }
            byte[] stdout = out.get();
            if (stdout == null) {
                kill(process);
                throw new ToolFailedException(name + " printed more than " + maxOutput + " bytes and was stopped");
            }
            String stderr = new String(err.get(), StandardCharsets.UTF_8);
            return new Result(process.exitValue(), stdout, stderr, Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new ToolFailedException(name + " was interrupted");
        } catch (ExecutionException e) {
            kill(process);
            throw new ToolFailedException(name + " output could not be read: " + e.getCause());
        }
    }

    /**
     * A process builder for {@code command} within the bounds every tool run gets: no network unless asked (where the
     * kernel allows it), a virtual-memory limit, and only the given environment.
     */
    static ProcessBuilder bounded(List<String> command, Path directory, Map<String, String> environment,
                                  long memoryBytes, boolean network) {
        List<String> line = new ArrayList<>();
        if (!network && UNSHARE) {
            line.addAll(List.of("/usr/bin/unshare", "--user", "--map-root-user", "--net", "--"));
        }
        if (memoryBytes > 0 && PRLIMIT) {
            line.addAll(List.of("/usr/bin/prlimit", "--as=" + memoryBytes, "--"));
        }
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line).directory(directory.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("HOME", directory.toString());
        defaults.put("PATH", "/usr/bin:/bin");
        defaults.put("LANG", "C.UTF-8");
        if (memoryBytes > 0) {
            defaults.put("GOMEMLIMIT", Long.toString(memoryBytes / 2));
        }
        env.putAll(defaults);
        env.putAll(environment);
        return builder;
    }

    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Reads all of {@code in}; null when it holds more than {@code limit} (the process is then killed). */
    private static byte[] drain(InputStream in, int limit, Process process) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[16 * 1024];
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (buffer.size() + n > limit) {
                    if (process == null) {
                        buffer.write(chunk, 0, Math.max(0, limit - buffer.size()));
                        continue;
                    }
                    kill(process);
                    return null;
                }
                buffer.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static boolean isolationWorks() {
        if (!Files.isExecutable(Path.of("/usr/bin/unshare"))) {
            return false;
        }
        try {
            Process probe = new ProcessBuilder("/usr/bin/unshare", "--user", "--map-root-user", "--net", "--",
                    "/bin/true").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
