package io.shiplog.local.git;

import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Bare git repositories in a temp directory, served on 127.0.0.1 by the real git programs over three transports:
 * <ul>
 *   <li>smart HTTP ({@link #httpUrl}): {@code git http-backend} behind an in-JVM HTTP server that requires HTTP
 *   Basic credentials ({@link #username()}, {@link #password()}) for fetch and push alike;</li>
 *   <li>SSH ({@link #sshUrl}): an in-JVM Apache MINA sshd server running {@code git upload-pack} and
 *   {@code git receive-pack}, public-key authentication only, as user {@code git}, for the keys given in
 *   {@link Options#authorizedKeys()} or to {@link #authorizeKey}. Its host key is generated at start; clients
 *   check it against {@link #knownHostsLine()} or {@link #knownHostsFile()}. {@link SshKeyPair} makes client
 *   keys;</li>
 *   <li>{@code git://} ({@link #gitUrl}): {@code git daemon} with receive-pack enabled. The git protocol has no
 *   authentication, so this transport is anonymous: anyone on loopback may fetch and push.</li>
 * </ul>
 * Helpers create repositories (default branch {@value #DEFAULT_BRANCH}), commit into them and read them back
 * with JGit, directly on the bare repositories. Close it to stop the servers and delete the repositories.
 */
public final class GitServer implements AutoCloseable {

    /** The branch new repositories start on and the helpers commit to. */
    public static final String DEFAULT_BRANCH = BareRepositories.DEFAULT_BRANCH;

    private static final String COMPONENT = "git-server";

    private final Options options;
    private final Path root;
    private final BareRepositories repositories;
    private final SmartHttpServer http;
    private final GitDaemon daemon;
    private final GitSshServer ssh;
    private volatile boolean closed;

    private GitServer(Options options, Path root, BareRepositories repositories, SmartHttpServer http,
                      GitDaemon daemon, GitSshServer ssh) {
        this.options = options;
        this.root = root;
        this.repositories = repositories;
        this.http = http;
        this.daemon = daemon;
        this.ssh = ssh;
    }

    /**
     * Credentials for the smart HTTP transport and the public keys the SSH transport lets in.
     *
     * @param username       the HTTP Basic user name (no ':')
     * @param password       the HTTP Basic password; never shown by {@link #toString()}
     * @param authorizedKeys OpenSSH public key lines ({@code ssh-ed25519 AAAA... comment}) allowed to log in over
     *                       SSH from the start; more can be added with {@link GitServer#authorizeKey}
     */
    public record Options(String username, String password, List<String> authorizedKeys) {

        public Options {
            if (username == null || username.isBlank() || username.contains(":")) {
                throw new IllegalArgumentException("git server username '" + username
                        + "' must be non-blank and without ':'");
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("git server password must not be empty");
            }
            Objects.requireNonNull(authorizedKeys, "authorizedKeys").forEach(AuthorizedKeys::parse);
            authorizedKeys = List.copyOf(authorizedKeys);
        }

        /** HTTP credentials only; no SSH key is authorized until {@link GitServer#authorizeKey} is called. */
        public Options(String username, String password) {
            this(username, password, List.of());
        }

        /** User {@code shiplog} with a random password, no authorized SSH key. */
        public static Options defaults() {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            return new Options("shiplog", HexFormat.of().formatHex(random));
        }

        /** These options with one more authorized SSH public key (an OpenSSH line). */
        public Options withAuthorizedKey(String openSshPublicKey) {
            List<String> keys = new ArrayList<>(authorizedKeys);
            keys.add(openSshPublicKey);
            return new Options(username, password, keys);
        }

        @Override
        public String toString() {
            return "Options[username=" + username + ", password=***, authorizedKeys=" + authorizedKeys.size() + "]";
        }
    }

    /** Starts the three transports on free loopback ports, over one new temp directory of repositories. */
    public static GitServer start(Options options) {
        Objects.requireNonNull(options, "options");
        long started = System.nanoTime();
        Path root = TempDirs.create(COMPONENT);
        SmartHttpServer http = null;
        GitDaemon daemon = null;
        GitSshServer ssh = null;
        try {
            Path repos = Files.createDirectory(root.resolve("repositories"));
            Path home = Files.createDirectory(root.resolve("home"));
            Path logs = Files.createDirectory(root.resolve("logs"));
            Path httpBackend = Path.of(gitExecPath(), "git-http-backend");
            if (!Files.isExecutable(httpBackend)) {
                throw new IllegalStateException("git http-backend not found at " + httpBackend);
            }
            http = SmartHttpServer.start(httpBackend, repos, home, logs.resolve("http-backend.log"),
                    new BasicAuth(options.username(), options.password()));
            daemon = GitDaemon.start(repos, home, logs);
            Path sshDir = Files.createDirectory(root.resolve("ssh"));
            ssh = GitSshServer.start(repos, home, sshDir.resolve("known_hosts"),
                    options.authorizedKeys().stream().map(AuthorizedKeys::parse).toList());
            GitServer server = new GitServer(options, root, new BareRepositories(repos), http, daemon, ssh);
            StartupLog.started(COMPONENT, Duration.ofNanos(System.nanoTime() - started),
                    server.describe());
            return server;
        } catch (IOException | RuntimeException e) {
            if (http != null) {
                http.close();
            }
            if (daemon != null) {
                daemon.close();
            }
            if (ssh != null) {
                ssh.close();
            }
            TempDirs.deleteQuietly(root);
            throw new IllegalStateException("git server failed to start in " + root + ": " + e.getMessage(), e);
        }
    }

    /** The server shared by everything in this JVM, started on first use and stopped at JVM exit. Do not close it. */
    public static GitServer shared() {
        return SharedGitServer.SERVER.get();
    }

    /** Creates an empty bare repository {@code name} whose HEAD is {@value #DEFAULT_BRANCH}. */
    public void createRepository(String name) {
        checkOpen();
        repositories.create(name);
    }

    /**
     * Commits every file under {@code directory} (recursively, skipping {@code .git}) as the next commit on
     * {@value #DEFAULT_BRANCH}, or its first. Files already in the repository but not in the directory stay.
     * Returns the new commit's sha.
     */
    public String seed(String name, Path directory, String message) {
        checkOpen();
        return repositories.commit(name, DEFAULT_BRANCH, BareRepositories.filesUnder(directory), message,
                Author.TESTKIT);
    }

    /**
     * Commits {@code files} (path with '/' separators to UTF-8 content; added or replaced) on
     * {@value #DEFAULT_BRANCH} as {@code author}, as a person pushing by hand would. Returns the new commit's sha.
     */
    public String commit(String name, Map<String, String> files, String message, Author author) {
        return commit(name, files, List.of(), message, author);
    }

    /** Like {@link #commit(String, Map, String, Author)}, also removing the files at {@code removed}. */
    public String commit(String name, Map<String, String> files, List<String> removed, String message,
                         Author author) {
        checkOpen();
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(removed, "removed");
        Objects.requireNonNull(author, "author");
        Map<String, BareRepositories.Content> contents = new LinkedHashMap<>();
        files.forEach((path, text) -> contents.put(path,
                BareRepositories.Content.text(Objects.requireNonNull(text, "content of " + path))));
        return repositories.commit(name, DEFAULT_BRANCH, contents, removed, message, author);
    }

    /** Commits reachable from {@code branch}, newest first (topological); empty if the branch does not exist. */
    public List<GitCommit> log(String name, String branch) {
        checkOpen();
        return repositories.log(name, branch);
    }

    /** The UTF-8 text of {@code path} at {@code ref} (branch, tag or sha); empty if no such file there. */
    public Optional<String> readFile(String name, String ref, String path) {
        checkOpen();
        return repositories.readFile(name, ref, path);
    }

    /** The sha {@code branch} points at; empty if it does not exist (yet). */
    public Optional<String> head(String name, String branch) {
        checkOpen();
        return repositories.head(name, branch);
    }

    /** The smart HTTP URL of a repository, without credentials. */
    public String httpUrl(String name) {
        return "http://127.0.0.1:" + http.port() + "/" + BareRepositories.relativePath(name);
    }

    /** The anonymous {@code git://} URL of a repository. */
    public String gitUrl(String name) {
        return "git://127.0.0.1:" + daemon.port() + "/" + BareRepositories.relativePath(name);
    }

    /** The SSH URL of a repository, {@code ssh://git@127.0.0.1:<port>/<name>} (a '.git' suffix may be added). */
    public String sshUrl(String name) {
        BareRepositories.relativePath(name);
        return "ssh://" + AuthorizedKeys.USER + "@127.0.0.1:" + ssh.port() + "/" + name;
    }

    /** The SSH port on 127.0.0.1. */
    public int sshPort() {
        return ssh.port();
    }

    /** The SSH host key as OpenSSH writes it, {@code ssh-ed25519 AAAA...}; new for every server. */
    public String sshHostKey() {
        return ssh.hostKey();
    }

    /** The line a client's known_hosts needs for this server: {@code [127.0.0.1]:<port> ssh-ed25519 AAAA...}. */
    public String knownHostsLine() {
        return ssh.knownHostsLine();
    }

    /** A known_hosts file holding only {@link #knownHostsLine()}, for strict host key checking. */
    public Path knownHostsFile() {
        return ssh.knownHostsFile();
    }

    /** Lets {@code key} log in over SSH from now on. */
    public void authorizeKey(PublicKey key) {
        checkOpen();
        ssh.authorize(Objects.requireNonNull(key, "key"));
    }

    /** Lets the key of an OpenSSH public key line ({@code ssh-ed25519 AAAA... comment}) log in over SSH. */
    public void authorizeKey(String openSshPublicKey) {
        checkOpen();
        ssh.authorize(AuthorizedKeys.parse(openSshPublicKey));
    }

    /** The HTTP Basic user name. */
    public String username() {
        return options.username();
    }

    /** The HTTP Basic password. Do not log it. */
    public String password() {
        return options.password();
    }

    /** JGit credentials for {@link #httpUrl}. */
    public CredentialsProvider credentials() {
        return new UsernamePasswordCredentialsProvider(options.username(), options.password());
    }

    /** The directory of a bare repository, for tools that need the files themselves. */
    public Path repositoryDirectory(String name) {
        return repositories.directory(name);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.close();
        daemon.close();
        ssh.close();
        TempDirs.deleteQuietly(root);
    }

    @Override
    public String toString() {
        return "GitServer[" + describe() + "]";
    }

    private String describe() {
        return "http://127.0.0.1:" + http.port() + " (basic auth, user " + options.username() + "), git://127.0.0.1:"
                + daemon.port() + " (anonymous), ssh://127.0.0.1:" + ssh.port() + " (public keys, host key "
                + ssh.hostKeyFingerprint() + "), repositories in " + root.resolve("repositories");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("git server " + root + " is closed");
        }
    }

    private static String gitExecPath() throws IOException {
        Process process = new ProcessBuilder("git", "--exec-path").redirectErrorStream(true).start();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("'git --exec-path' did not finish within 10 s");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException("'git --exec-path' failed with code " + process.exitValue() + ": "
                        + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while locating git", e);
        }
    }
}
