package io.shiplog.local.kube;

import io.shiplog.local.support.ChildProcess;
import io.shiplog.local.support.Ports;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/**
 * One kube-apiserver process on loopback, storing under its own prefix in a leased {@link Etcd}. It makes its own
 * serving certificate in its cert dir and accepts one admin bearer token (group {@code system:masters}); see
 * {@link ApiServerFiles} for what is reused from a kept directory.
 */
final class KubeApiServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final ChildProcess process;
    private final Path dir;
    private final boolean keep;
    private final URI url;
    private final String caCertificatePem;
    private final String adminToken;

    private KubeApiServer(ChildProcess process, Path dir, boolean keep, URI url, String caCertificatePem,
                          String adminToken) {
        this.process = process;
        this.dir = dir;
        this.keep = keep;
        this.url = url;
        this.caCertificatePem = caCertificatePem;
        this.adminToken = adminToken;
    }

    /** Starts an API server named {@code name} on {@code etcd} under {@code etcdPrefix} and waits until ready. */
    static KubeApiServer start(EnvtestBinaries binaries, Etcd etcd, String name, String etcdPrefix) {
        return start(binaries, etcd, name, etcdPrefix, null);
    }

    /**
     * Starts an API server named {@code name} on {@code etcd} under {@code etcdPrefix} and waits until ready. Its
     * files go to a temp directory removed on close when {@code keptDir} is null; else to {@code keptDir}, which
     * is kept and whose token, keys and certificate are reused ({@link ApiServerFiles}), and the port of the
     * previous run is taken again when it is free.
     */
    static KubeApiServer start(EnvtestBinaries binaries, Etcd etcd, String name, String etcdPrefix, Path keptDir) {
        long started = System.nanoTime();
        boolean keep = keptDir != null;
        Path dir = keep ? createDirectories(keptDir) : TempDirs.create("kube-" + name);
        try {
            ApiServerFiles.Prepared files = ApiServerFiles.prepare(dir);
            int port = (keep ? ApiServerFiles.previousPort(dir.resolve(Kubeconfig.FILE_NAME)) : OptionalInt.empty())
                    .stream().filter(Ports::isFree).findFirst().orElseGet(Ports::freePort);
            URI url = URI.create("https://127.0.0.1:" + port);
            ChildProcess process = ChildProcess.start("kube-apiserver " + name, List.of(
                    binaries.kubeApiServer().toString(),
                    "--etcd-servers=" + etcd.clientUrl(),
                    "--etcd-prefix=" + etcdPrefix,
                    "--cert-dir=" + files.certDir(),
                    "--secure-port=" + url.getPort(),
                    "--bind-address=127.0.0.1",
                    "--advertise-address=127.0.0.1",
                    "--service-cluster-ip-range=10.0.0.0/24",
                    "--allow-privileged=true",
                    "--disable-admission-plugins=ServiceAccount",
                    "--authorization-mode=RBAC",
                    "--service-account-issuer=https://kubernetes.default.svc",
                    "--service-account-key-file=" + files.publicKey(),
                    "--service-account-signing-key-file=" + files.signingKey(),
                    "--token-auth-file=" + files.tokenFile()), dir, Map.of(), dir.resolve("kube-apiserver.log"));
            Path certificate = files.certDir().resolve("apiserver.crt");
            ReadinessProbe probe = new ReadinessProbe(url, certificate, files.token());
            String caCertificatePem;
            try {
                process.awaitReady(probe, READY_TIMEOUT);
                // read once more now that it serves with it: the probe may have caught the file half-written
                caCertificatePem = Files.readString(certificate);
            } catch (IOException e) {
                process.close();
                throw new UncheckedIOException("cannot read the serving certificate of kube-apiserver " + name, e);
            } catch (RuntimeException e) {
                process.close();
                throw e;
            }
            StartupLog.started("kube-apiserver", Duration.ofNanos(System.nanoTime() - started),
                    name + " at " + url + ", etcd prefix " + etcdPrefix
                            + (keep ? ", files in " + dir + " (kept)" : ""));
            return new KubeApiServer(process, dir, keep, url, caCertificatePem, files.token());
        } catch (RuntimeException e) {
            if (!keep) {
                TempDirs.deleteQuietly(dir);
            }
            throw e;
        }
    }

    URI url() {
        return url;
    }

    /** The certificates of {@code cert-dir/apiserver.crt}: the serving certificate and the CA that signed it. */
    String caCertificatePem() {
        return caCertificatePem;
    }

    String adminToken() {
        return adminToken;
    }

    Path dir() {
        return dir;
    }

    boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the process; removes its files unless they are kept. */
    @Override
    public void close() {
        process.close();
        if (!keep) {
            TempDirs.deleteQuietly(dir);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * Ready once the serving certificate exists, {@code /readyz} answers 200 and the {@code default} namespace
     * exists (the API server creates it itself shortly after start).
     */
    private static final class ReadinessProbe implements BooleanSupplier {

        private final URI url;
        private final Path certificateFile;
        private final String token;
        private HttpClient http;

        ReadinessProbe(URI url, Path certificateFile, String token) {
            this.url = url;
            this.certificateFile = certificateFile;
            this.token = token;
        }

        @Override
        public boolean getAsBoolean() {
            return trustsServer() && answers200("/readyz") && answers200("/api/v1/namespaces/default");
        }

        private boolean trustsServer() {
            if (http != null) {
                return true;
            }
            if (!Files.isRegularFile(certificateFile)) {
                return false;
            }
            try {
                http = HttpClient.newBuilder()
                        .sslContext(Pem.trusting(Files.readString(certificateFile)))
                        .connectTimeout(Duration.ofSeconds(1))
                        .build();
                return true;
            } catch (IOException | GeneralSecurityException partlyWritten) {
                return false;
            }
        }

        private boolean answers200(String path) {
            HttpRequest request = HttpRequest.newBuilder(url.resolve(path))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(2))
                    .build();
            try {
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
