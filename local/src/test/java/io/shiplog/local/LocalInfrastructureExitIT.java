package io.shiplog.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.local.support.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM running the local infrastructure ({@link InfrastructureJvm}) leaves no process behind when it is stopped
 * with Ctrl-C (SIGINT) or killed with SIGKILL; the children are found and checked through {@code /proc}.
 */
class LocalInfrastructureExitIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger RUNS = new AtomicInteger();

    @TempDir
    Path scratch;

    private final List<Process> jvms = new ArrayList<>();
    private final Map<Long, String> seen = new HashMap<>();

    /** A failed test must not leave its processes behind either. */
    @AfterEach
    void killWhatIsLeft() {
        for (Process jvm : jvms) {
            jvm.descendants().forEach(ProcessHandle::destroyForcibly);
            jvm.destroyForcibly();
        }
        for (String running : stillRunning(seen)) {
            ProcessHandle.of(Long.parseLong(running.substring(0, running.indexOf(' '))))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void stopsEveryChildProcessWithinTenSecondsOfCtrlC() throws Exception {
        Process jvm = startInfrastructure(scratch.resolve("data"), "--postgres");
        Map<Long, String> children = children(jvm);
        assertThat(children.values()).as("children of the infrastructure JVM")
                .anyMatch(command -> command.contains("etcd"))
                .anyMatch(command -> command.contains("kube-apiserver"))
                .anyMatch(command -> command.contains("docker-registry"))
                .anyMatch(command -> command.contains("git") && command.contains("daemon"))
                .anyMatch(command -> command.contains("postgres"));

        signal(jvm, "INT");

        long sent = System.nanoTime();
        awaitGone(jvm, children);
        System.out.printf("infrastructure JVM and %d children gone %d ms after SIGINT%n", children.size(),
                Duration.ofNanos(System.nanoTime() - sent).toMillis());
        assertThat(jvm.exitValue()).isEqualTo(130);
    }

    @Test
    void takesItsChildrenWithItWhenKilledWithSigkillAndTheNextRunStartsOnTheSameDataDirectory() throws Exception {
        assumeThat(ChildProcess.diesWithJvm()).as("setpriv --pdeathsig is available").isTrue();
        Path dataDir = scratch.resolve("data");
        Process first = startInfrastructure(dataDir, "--postgres");
        Map<Long, String> children = children(first);
        assertThat(children.values()).as("children of the infrastructure JVM")
                .anyMatch(command -> command.contains("git-daemon"))
                .anyMatch(command -> command.contains("postgres"));

        first.destroyForcibly();

        awaitGone(first, children);
        Process second = startInfrastructure(dataDir);
        Map<Long, String> secondChildren = children(second);
        signal(second, "INT");
        awaitGone(second, secondChildren);
    }

    private Process startInfrastructure(Path dataDir, String... flags) throws IOException {
        Path log = scratch.resolve("infrastructure-" + RUNS.incrementAndGet() + ".log");
        List<String> command = new ArrayList<>();
        if (ignoresSigint()) {
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        // scratch directories go to the test's own temp directory, since after SIGKILL no hook removes them;
        // traversable by all, as PostgreSQL runs as its own OS user under root
        Path tmp = Files.createDirectories(scratch.resolve("tmp"));
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                InfrastructureJvm.class.getName(), dataDir.toString()));
        command.addAll(List.of(flags));
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        jvms.add(jvm);
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            String output = Files.readString(log);
            if (!jvm.isAlive()) {
                throw new AssertionError("the infrastructure JVM exited with " + jvm.exitValue() + ":\n" + output);
            }
            return output.contains(InfrastructureJvm.READY);
        });
        return jvm;
    }

    private static void awaitGone(Process jvm, Map<Long, String> children) {
        await().atMost(STOP_TIMEOUT).untilAsserted(() -> {
            assertThat(jvm.isAlive()).as("infrastructure JVM alive").isFalse();
            assertThat(stillRunning(children)).as("children still running").isEmpty();
        });
    }

    /** The JVM's descendants now: pid to command line. */
    private Map<Long, String> children(Process jvm) {
        Map<Long, String> children = jvm.descendants().collect(Collectors.toMap(ProcessHandle::pid,
                child -> commandLine(child.pid()).orElse("?")));
        seen.putAll(children);
        return children;
    }

    /** Those of {@code processes} that still run: /proc has them, not as zombies, with the same command line. */
    private static List<String> stillRunning(Map<Long, String> processes) {
        List<String> running = new ArrayList<>();
        processes.forEach((pid, command) -> {
            Optional<String> state = state(pid);
            if (state.isPresent() && !state.get().equals("Z") && !state.get().equals("X")
                    && commandLine(pid).map(command::equals).orElse(false)) {
                running.add(pid + " " + command);
            }
        });
        return running;
    }

    private static Optional<String> state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Optional.of(stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    private static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    /** Whether this JVM was started with SIGINT ignored (a background job), which its children would inherit. */
    private static boolean ignoresSigint() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .map(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16))
                .anyMatch(mask -> (mask & 0x2) != 0);
    }

    private static void signal(Process jvm, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(jvm.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
