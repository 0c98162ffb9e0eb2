package io.shiplog.scanner.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplog.scanner.registry.CredentialException;
import io.shiplog.scanner.registry.Credentials;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A docker credential helper ({@code credHelpers} or {@code credsStore} of a docker {@code config.json}): runs
 * {@code docker-credential-<name> get} with the server URL on stdin and reads {@code {"Username", "Secret"}} from
 * stdout (user {@code <token>} means the secret is an identity token). Answers are kept five minutes; a helper
 * that knows no credentials for a host (exit status non-zero, "credentials not found") gives none. Neither its
 * output nor its error stream ever reaches a message.
 */
public final class CredentialHelper extends RenewingSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration KEPT = Duration.ofMinutes(5);

    private final String name;
    private final Path executable;
    private final Duration timeout;
    private final Map<String, String> serverUrls;

    CredentialHelper(String name, Path executable, Duration timeout, Map<String, String> serverUrls, Clock clock) {
        super(clock);
        this.name = name;
        this.executable = executable;
        this.timeout = timeout;
        this.serverUrls = Map.copyOf(serverUrls);
    }

    /**
     * The helper {@code docker-credential-<name>} found on {@code searchPath} (a PATH-style list); fails at once
     * when it is not there. {@code serverUrls} maps a normalized host to the key sent on stdin, as written in the
     * docker config (other hosts are sent as they are, Docker Hub as {@code https://index.docker.io/v1/}).
     */
    public static CredentialHelper find(String name, String searchPath, Duration timeout,
                                        Map<String, String> serverUrls) {
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalStateException("docker credential helper name '" + name + "' must be letters, digits, "
                    + "'.', '_' or '-'");
        }
        String file = "docker-credential-" + name;
        for (String dir : searchPath == null ? new String[0] : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, file))) {
                return new CredentialHelper(name, Path.of(dir, file), timeout, serverUrls, Clock.systemUTC());
            }
        }
        throw new IllegalStateException("docker credential helper " + file + " is not on the PATH");
    }

    /** The helpers a docker config.json names: per host ({@code credHelpers}) and for every other host. */
    public record DockerConfigHelpers(Map<String, CredentialHelper> byHost, Optional<CredentialHelper> store) {
    }

    /** Reads {@code credHelpers} and {@code credsStore} of a docker config.json; fails naming the file. */
    public static DockerConfigHelpers fromDockerConfig(Path config, String searchPath, Duration timeout) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(config));
        } catch (IOException e) {
            throw new IllegalStateException("docker config " + config + " cannot be read as JSON: "
                    + e.getClass().getSimpleName());
        }
        Map<String, Map<String, String>> hostsByHelper = new HashMap<>();
        root.path("credHelpers").fields().forEachRemaining(entry -> hostsByHelper
                .computeIfAbsent(entry.getValue().asText(), n -> new HashMap<>())
                .put(Credentials.normalize(entry.getKey()), entry.getKey()));
        Map<String, CredentialHelper> byHost = new HashMap<>();
        for (Map.Entry<String, Map<String, String>> helper : hostsByHelper.entrySet()) {
            CredentialHelper found = find(helper.getKey(), searchPath, timeout, helper.getValue());
            helper.getValue().keySet().forEach(host -> byHost.put(host, found));
        }
        String store = root.path("credsStore").asText("");
        return new DockerConfigHelpers(byHost, store.isEmpty() ? Optional.empty()
                : Optional.of(find(store, searchPath, timeout, Map.of())));
    }

    @Override
    Issued fetch(String host) throws CredentialException {
        String serverUrl = serverUrls.getOrDefault(host, host.equals("docker.io") ? "https://index.docker.io/v1/"
                : host);
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "get").redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new CredentialException("docker credential helper " + executable.getFileName() + " for registry "
                    + host + " cannot be started: " + e.getClass().getSimpleName());
        }
        try {
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
            CompletableFuture.runAsync(() -> drain(process.getErrorStream()));
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a helper that exits without reading stdin: its exit status tells the rest
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CredentialException("docker credential helper " + executable.getFileName()
                        + " did not answer for registry " + host + " within " + timeout.toMillis() + " ms");
            }
            String output = new String(stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                    StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                if (output.toLowerCase(Locale.ROOT).contains("credentials not found")) {
                    return new Issued(null, clock().instant().plus(KEPT));
                }
                throw new CredentialException("docker credential helper " + executable.getFileName()
                        + " failed for registry " + host + " with exit status " + process.exitValue());
            }
            JsonNode answer = JSON.readTree(output);
            String user = answer == null ? "" : answer.path("Username").asText("");
            String secret = answer == null ? "" : answer.path("Secret").asText("");
            if (secret.isEmpty()) {
                throw new CredentialException("docker credential helper " + executable.getFileName()
                        + " answered for registry " + host + " without a Secret");
            }
            Credentials.Credential credential = user.equals("<token>") || user.isEmpty()
                    ? new Credentials.Credential("<token>", secret, true) : new Credentials.Credential(user, secret);
            return new Issued(credential, clock().instant().plus(KEPT));
        } catch (IOException e) {
            throw new CredentialException("docker credential helper " + executable.getFileName()
                    + " answered for registry " + host + " with something that is not JSON");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialException("interrupted while running docker credential helper "
                    + executable.getFileName() + " for registry " + host);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new CredentialException("docker credential helper " + executable.getFileName()
                    + " gave no output for registry " + host);
        } finally {
            process.destroyForcibly();
        }
    }

    private static byte[] drain(InputStream stream) {
        try (stream) {
            return stream.readNBytes(1024 * 1024);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Override
    public String toString() {
        return "CredentialHelper[docker-credential-" + name + "]";
    }
}
