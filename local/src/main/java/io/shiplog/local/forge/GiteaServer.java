package io.shiplog.local.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplog.local.support.ChildProcess;
import io.shiplog.local.support.Ports;
import io.shiplog.local.support.ShutdownHooks;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Gitea ({@link ForgeToolsDir}) on a free loopback port: SQLite in a scratch directory, installed headless
 * ({@code INSTALL_LOCK}), an admin user created by {@code gitea admin user create} and an API token by
 * {@code gitea admin user generate-access-token}. Repositories are served over HTTP (git's smart HTTP with Basic
 * credentials: the user and its password or token); {@link #api} calls the REST API with the token. Gitea refuses
 * to run as root unless told it may, so the configuration says it may (a test server on loopback only). Stopping it
 * ({@link #close()}, or the shutdown hook at JVM exit) ends the process and deletes its data. Neither the password nor
 * the token appears in {@link #toString()}.
 */
public final class GiteaServer implements AutoCloseable {

    private static final String COMPONENT = "gitea";
    private static final String USER = "shiplog";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int port;
    private final String password;
    private final String token;
    private final ChildProcess process;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Thread shutdownHook;
    private boolean closed;

    private GiteaServer(Path dir, int port, String password, String token, ChildProcess process) {
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.token = token;
        this.process = process;
        this.shutdownHook = new Thread(this::stop, "stop-" + COMPONENT + "-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Prepares the database, the user and its token, starts {@code gitea web} and waits until its API answers. */
    public static GiteaServer start() {
        long started = System.nanoTime();
        Path tools = ForgeToolsDir.locate();
        Path dir = TempDirs.create(COMPONENT);
        try {
            int port = Ports.freePort();
            Path config = dir.resolve("custom/conf/app.ini");
            Files.createDirectories(config.getParent());
            Files.writeString(config, appIni(dir, tools, port));
            String gitea = tools.resolve("gitea").toString();
            List<String> base = List.of(gitea, "--work-path", dir.toString(), "--config", config.toString());
            String password = "Pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            run(dir, base, "migrate");
            run(dir, base, "admin", "user", "create", "--username", USER, "--password", password, "--email",
                    USER + "@example.test", "--admin", "--must-change-password=false");
            String token = run(dir, base, "admin", "user", "generate-access-token", "--username", USER,
                    "--token-name", "shiplog-test", "--scopes", "all", "--raw").strip();
            List<String> web = new ArrayList<>(base);
            web.add("web");
            ChildProcess process = ChildProcess.start(COMPONENT, web, dir, Map.of(), dir.resolve("gitea.log"));
            GiteaServer server = new GiteaServer(dir, port, password, token, process);
            process.awaitReady(server::answers, START_TIMEOUT);
            StartupLog.started(COMPONENT, Duration.ofNanos(System.nanoTime() - started), server.describe());
            return server;
        } catch (IOException e) {
            TempDirs.deleteQuietly(dir);
            throw new UncheckedIOException("cannot prepare Gitea in " + dir, e);
        } catch (RuntimeException e) {
            TempDirs.deleteQuietly(dir);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:<port>/api/v1}. */
    public String apiUrl() {
        return url() + "/api/v1";
    }

    /** The admin user owning the repositories. */
    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** An API token of the user with every scope. */
    public String token() {
        return token;
    }

    /** The clone URL of the user's repository {@code name}. */
    public String cloneUrl(String name) {
        return url() + "/" + USER + "/" + name + ".git";
    }

    /**
     * Creates the user's repository {@code name} with default branch {@code main} and commits {@code files} to it
     * through the API (one commit, as a person editing in the web UI would); returns the commit's sha.
     */
    public String createRepository(String name, Map<String, String> files) {
        api("POST", "/user/repos", Map.of("name", name, "default_branch", "main", "auto_init", true,
                "readme", "Default"));
        return commit(name, "main", files, "seed");
    }

    /** Commits {@code files} (created or replaced) to {@code branch} through the API; returns the new sha. */
    public String commit(String repository, String branch, Map<String, String> files, String message) {
        List<Map<String, String>> changes = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            JsonNode existing = apiOrNull("GET", "/repos/" + USER + "/" + repository + "/contents/" + file.getKey()
                    + "?ref=" + branch, null);
            String content = Base64.getEncoder().encodeToString(file.getValue().getBytes(StandardCharsets.UTF_8));
            changes.add(existing == null ? Map.of("operation", "create", "path", file.getKey(), "content", content)
                    : Map.of("operation", "update", "path", file.getKey(), "content", content, "sha",
                    existing.path("sha").asText()));
        }
        JsonNode answer = api("POST", "/repos/" + USER + "/" + repository + "/contents", Map.of("files", changes,
                "message", message, "branch", branch));
        return answer.path("commit").path("sha").asText();
    }

    /** The file at {@code path} on {@code ref}, or null when there is none. */
    public String readFile(String repository, String ref, String path) {
        JsonNode file = apiOrNull("GET", "/repos/" + USER + "/" + repository + "/contents/" + path + "?ref=" + ref, null);
        return file == null ? null : new String(Base64.getMimeDecoder().decode(file.path("content").asText()),
                StandardCharsets.UTF_8);
    }

    /** The pull requests of {@code repository} in {@code state} ({@code open}, {@code closed}, {@code all}). */
    public List<JsonNode> pullRequests(String repository, String state) {
        List<JsonNode> out = new ArrayList<>();
        api("GET", "/repos/" + USER + "/" + repository + "/pulls?state=" + state + "&limit=50", null)
                .forEach(out::add);
        return out;
    }

    /** The comments on issue or pull request {@code number}. */
    public List<String> comments(String repository, String number) {
        List<String> out = new ArrayList<>();
        api("GET", "/repos/" + USER + "/" + repository + "/issues/" + number + "/comments", null)
                .forEach(c -> out.add(c.path("body").asText()));
        return out;
    }

    /** Calls the API with the token; fails on any status but 2xx, naming it. */
    public JsonNode api(String method, String path, Object body) {
        JsonNode answer = apiOrNull(method, path, body);
        if (answer == null) {
            throw new IllegalStateException("gitea " + method + " " + path + " answered 404");
        }
        return answer;
    }

    private JsonNode apiOrNull(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl() + path))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "token " + token)
                    .header("Accept", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("gitea " + method + " " + path + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("gitea " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The server's own log. */
    public Path logFile() {
        return process.logFile();
    }

    @Override
    public void close() {
        stop();
        ShutdownHooks.remove(shutdownHook);
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        process.close();
        TempDirs.deleteQuietly(dir);
    }

    @Override
    public String toString() {
        return "GiteaServer[" + describe() + "]";
    }

    private String describe() {
        return url() + ", user " + USER + ", data in " + dir;
    }

    private boolean answers() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(apiUrl() + "/version"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String appIni(Path dir, Path tools, int port) {
        return String.join("\n",
                "I_AM_BEING_UNSAFE_RUNNING_AS_ROOT = true",
                "APP_NAME = shiplog-test",
                "RUN_MODE = prod",
                "WORK_PATH = " + dir,
                "",
                "[server]",
                "HTTP_ADDR = 127.0.0.1",
                "HTTP_PORT = " + port,
                "ROOT_URL = http://127.0.0.1:" + port + "/",
                "STATIC_ROOT_PATH = " + tools,
                "APP_DATA_PATH = " + dir.resolve("data"),
                "DISABLE_SSH = true",
                "OFFLINE_MODE = true",
                "LFS_START_SERVER = false",
                "",
                "[database]",
                "DB_TYPE = sqlite3",
                "PATH = " + dir.resolve("data/gitea.db"),
                "",
                "[security]",
                "INSTALL_LOCK = true",
                "SECRET_KEY = " + HexFormat.of().formatHex(new SecureRandom().generateSeed(16)),
                "",
                "[service]",
                "DISABLE_REGISTRATION = true",
                "",
                "[repository]",
                "ROOT = " + dir.resolve("repositories"),
                "DEFAULT_BRANCH = main",
                "",
                "[indexer]",
                "REPO_INDEXER_ENABLED = false",
                "",
                "[cron]",
                "ENABLED = false",
                "",
                "[mailer]",
                "ENABLED = false",
                "",
                "[log]",
                "MODE = console",
                "LEVEL = warn",
                "");
    }

    /** Runs a {@code gitea} admin command to its end; its output (stdout and stderr) or a failure naming it. */
    private static String run(Path dir, List<String> base, String... args) throws IOException {
        List<String> command = new ArrayList<>(base);
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "gitea-cli-", ".out");
        Path err = Files.createTempFile(dir, "gitea-cli-", ".err");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("gitea " + args[0] + " did not finish in 2 minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        String text = Files.readString(out);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("gitea " + String.join(" ", List.of(args).subList(0, Math.min(3,
                    args.length))) + " failed (exit " + process.exitValue() + "): " + Files.readString(err));
        }
        Files.delete(out);
        Files.delete(err);
        return text;
    }
}
