package io.shiplog.local.git;

import io.shiplog.local.support.ChildProcess;
import io.shiplog.local.support.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code git daemon} serving the bare repositories under a base path over {@code git://} on loopback, with
 * receive-pack enabled. The git protocol has no authentication: this is the anonymous transport.
 */
final class GitDaemon implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final String READY_LINE = "Ready to rumble";
    private static final int ATTEMPTS = 3;

    private final ChildProcess process;
    private final int port;

    private GitDaemon(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the daemon on {@code port}, or on a free port when it is 0, and waits for its ready line. A free port
     * taken between choosing and binding makes the daemon exit; that is retried on another port. A fixed port is
     * tried once.
     */
    static GitDaemon start(Path basePath, Path home, Path logDir, int port) {
        IllegalStateException failure = null;
        int attempts = port == 0 ? ATTEMPTS : 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int listen = port == 0 ? Ports.freePort() : port;
            Path log = logDir.resolve("git-daemon-" + attempt + ".log");
            ChildProcess process = ChildProcess.start("git-daemon", command(basePath, listen), basePath,
                    Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.toString(),
                            "GIT_CONFIG_NOSYSTEM", "1", "LC_ALL", "C"), log);
            try {
                process.awaitReady(() -> logContains(log, READY_LINE), READY_TIMEOUT);
                return new GitDaemon(process, listen);
            } catch (IllegalStateException e) {
                process.close();
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
        }
        throw failure;
    }

    private static List<String> command(Path basePath, int port) {
        return List.of(GitPrograms.locate("git-daemon").toString(),
                "--export-all",
                "--enable=receive-pack",
                "--base-path=" + basePath,
                "--listen=127.0.0.1",
                "--port=" + port,
                "--reuseaddr",
                "--informative-errors",
                "--init-timeout=10",
                "--timeout=120",
                "--verbose");
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
