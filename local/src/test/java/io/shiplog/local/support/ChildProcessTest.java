package io.shiplog.local.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void stopsAChildAndItsDescendantsWellWithinTheGracePeriodWhenTheyHonourSigterm() {
        ChildProcess child = start("sleeper", "sleep 60 & sleep 60 & echo started; wait");
        List<ProcessHandle> tree = treeOf(child, 3);

        long before = System.nanoTime();
        child.close();

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(ChildProcess.STOP_GRACE);
        assertThat(tree).noneMatch(ChildProcessTest::running);
    }

    @Test
    void killsAChildThatIgnoresSigtermOnceTheGracePeriodIsOver() {
        ChildProcess child = start("stubborn", "trap '' TERM; sleep 60 & echo started; wait");
        List<ProcessHandle> tree = treeOf(child, 2);

        long before = System.nanoTime();
        child.close();
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(took).isGreaterThanOrEqualTo(ChildProcess.STOP_GRACE)
                .isLessThan(ChildProcess.STOP_GRACE.plusSeconds(3));
        assertThat(tree).noneMatch(ChildProcessTest::running);
    }

    @Test
    void keepsRunningAChildStartedFromAThreadThatHasSinceEnded() throws InterruptedException {
        assumeThat(ChildProcess.diesWithJvm()).as("setpriv --pdeathsig is available").isTrue();
        AtomicReference<ChildProcess> started = new AtomicReference<>();
        Thread starter = new Thread(() -> started.set(start("orphan-of-a-thread", "echo started; exec sleep 60")));
        starter.start();
        starter.join();
        ChildProcess child = started.get();
        try {
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> Files.readString(child.logFile()).contains("started"));

            assertThat(child.isAlive()).as("alive after the thread that started it ended").isTrue();
        } finally {
            child.close();
        }
    }

    @Test
    void runsTheCommandItselfUnderItsOwnPid() throws Exception {
        ChildProcess child = start("self", "echo started; exec sleep 60");
        try {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> ProcessHandle.of(child.pid()).flatMap(h -> h.info().command())
                            .map(command -> command.endsWith("/sleep")).orElse(false));
        } finally {
            child.close();
        }
    }

    private ChildProcess start(String name, String script) {
        ChildProcess child = ChildProcess.start(name, List.of("sh", "-c", script), dir, Map.of(),
                dir.resolve(name + ".log"));
        child.awaitReady(() -> read(child.logFile()).contains("started"), Duration.ofSeconds(10));
        return child;
    }

    private static List<ProcessHandle> treeOf(ChildProcess child, int size) {
        ProcessHandle root = ProcessHandle.of(child.pid()).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> root.descendants().count() + 1 >= size);
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants()).toList();
    }

    private static boolean running(ProcessHandle handle) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
