package io.shiplog.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C stops {@code shiplog dev} — the services, the broker and every child process — within ten seconds. */
class DevStopIT {

    @TempDir
    Path dir;

    @Test
    void ctrlCStopsEverythingWithinTenSecondsAndLeavesNoProcessBehind() throws Exception {
        Path output = dir.resolve("dev.out");
        Process dev = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=logback.xml", "-Dlogging.config=classpath:logback.xml",
                "-cp", System.getProperty("java.class.path"), DevMain.class.getName(), "dev", "--data-dir",
                dir.resolve("data").toString(), "--kafka-port", "0", "--schema-registry-port", "0", "--service-port",
                "0", "--registry-port", "0", "--git-port", "0")
                .redirectOutput(output.toFile()).redirectError(dir.resolve("dev.err").toFile()).start();
        try {
            await("the demo released and waits for Ctrl-C").atMost(Duration.ofMinutes(4)).pollInterval(
                    Duration.ofMillis(500)).until(() -> Files.readString(output).contains("Try next"));
            Set<Long> children = dev.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
            assertThat(children).as("etcd, two API servers, the registry, the git daemon").hasSizeGreaterThanOrEqualTo(5);

            long signalled = System.nanoTime();
            new ProcessBuilder("kill", "-INT", Long.toString(dev.pid())).start().waitFor();

            assertThat(dev.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 s of Ctrl-C").isTrue();
            long stopMs = (System.nanoTime() - signalled) / 1_000_000;
            List<Long> alive = new ArrayList<>();
            await("children gone").atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                alive.clear();
                children.forEach(pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .ifPresent(p -> alive.add(pid)));
                assertThat(alive).as("child processes still alive " + stopMs + " ms after Ctrl-C").isEmpty();
            });
        } finally {
            dev.descendants().forEach(ProcessHandle::destroyForcibly);
            dev.destroyForcibly();
        }
    }
}
