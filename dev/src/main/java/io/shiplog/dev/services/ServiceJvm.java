package io.shiplog.dev.services;

import io.shiplog.local.support.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A service in a JVM of its own, as production runs it: {@code java <jvm options> -cp <this JVM's class path>
 * <main class> <arguments>}, its output in a log file, ready once {@code /actuator/health/readiness} answers UP.
 * Its peak resident memory is read from {@code /proc/<pid>/status} ({@code VmHWM}).
 */
public final class ServiceJvm implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Service service;
    private final URI url;
    private final ChildProcess process;

    private ServiceJvm(Service service, URI url, ChildProcess process) {
        this.service = service;
        this.url = url;
        this.process = process;
    }

    /**
     * Starts {@code service} listening on {@code port} with {@code arguments} (Spring {@code --name=value} options)
     * and the JVM options (e.g. {@code -Xmx256m}); waits until it is ready.
     */
    public static ServiceJvm start(Service service, int port, List<String> jvmOptions, List<String> arguments,
                                   Path logDir, Duration startTimeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(service.mainClass().getName());
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.addAll(arguments);
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the log directory " + logDir, e);
        }
        ChildProcess process = ChildProcess.start(service.name(), command, logDir, Map.of(),
                logDir.resolve(service.name() + ".log"));
        URI url = URI.create("http://127.0.0.1:" + port);
        ServiceJvm jvm = new ServiceJvm(service, url, process);
        process.awaitReady(jvm::ready, startTimeout);
        return jvm;
    }

    public Service service() {
        return service;
    }

    public URI url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return process.logFile();
    }

    /** The largest resident set the process has had, in MiB; empty when the process is gone. */
    public OptionalLong peakRssMb() {
        return ProcStatus.kilobytes(process.pid(), "VmHWM").stream().map(kb -> kb / 1024).findFirst();
    }

    /** Its resident set now, in MiB; empty when the process is gone. */
    public OptionalLong rssMb() {
        return ProcStatus.kilobytes(process.pid(), "VmRSS").stream().map(kb -> kb / 1024).findFirst();
    }

    private boolean ready() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url.resolve(
                    "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ends the service with SIGKILL, as a crash would: no graceful shutdown, nothing flushed. */
    public void kill() {
        process.kill();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return service.name() + " (pid " + process.pid() + ", " + url + ")";
    }
}
