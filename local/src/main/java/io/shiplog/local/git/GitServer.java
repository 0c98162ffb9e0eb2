package io.shiplog.local.git;

import io.shiplog.local.support.DataDirLock;
import io.shiplog.local.support.Ports;
import io.shiplog.local.support.ShutdownHooks;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
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
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Bare git repositories served on 127.0.0.1 by the real git programs over three transports:
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
 * with JGit, directly on the bare repositories.
 *
 * <p>By default the repositories live in a temp directory that {@link #close()} deletes, and every transport takes a
 * free port. With {@link Options#withDataDir} they live in {@code <dir>/repositories} and stay: a later server on
 * the same directory serves them with their history. The SSH host key is then kept as well
 * ({@code <dir>/ssh/ssh_host_ed25519_key}), and {@code <dir>/ssh/known_hosts} is rewritten at each start; with
 * fixed ports ({@link Options#withHttpPort}, {@link Options#withSshPort}, {@link Options#withDaemonPort}) URLs and
 * known_hosts lines stay valid across runs. One server at a time may use a data directory ({@link DataDirLock}).
 * {@link #close()}, and a shutdown hook at JVM exit, stop the servers and every git process they started.
 */
public final class GitServer implements AutoCloseable {

    /** The branch new repositories start on and the helpers commit to. */
    public static final String DEFAULT_BRANCH = BareRepositories.DEFAULT_BRANCH;

    private static final String COMPONENT = "git-server";
    private static final String HOST_KEY_FILE = "ssh_host_ed25519_key";

    private final Options options;
    private final Path root;
    private final DataDirLock lock;
    private final Thread shutdownHook;
    private final BareRepositories repositories;
    private final SmartHttpServer http;
    private final GitDaemon daemon;
    private final GitSshServer ssh;
    private volatile boolean closed;

    private GitServer(Options options, Path root, DataDirLock lock, BareRepositories repositories,
                      SmartHttpServer http, GitDaemon daemon, GitSshServer ssh) {
        this.options = options;
        this.root = root;
        this.lock = lock;
        this.repositories = repositories;
        this.http = http;
        this.daemon = daemon;
        this.ssh = ssh;
        this.shutdownHook = new Thread(this::stop, "stop-" + COMPONENT);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Credentials for the smart HTTP transport, the public keys the SSH transport lets in, where the repositories
     * live and the ports.
     *
     * @param username       the HTTP Basic user name (no ':')
     * @param password       the HTTP Basic password; never shown by {@link #toString()}
     * @param authorizedKeys OpenSSH public key lines ({@code ssh-ed25519 AAAA... comment}) allowed to log in over
     *                       SSH from the start; more can be added with {@link GitServer#authorizeKey}
     * @param dataDir        null for a temp directory deleted on close; else the directory whose
     *                       {@code repositories} (and SSH host key) are kept across runs, created on first use and
     *                       never deleted (stored absolute)
     * @param httpPort       smart HTTP port on 127.0.0.1, 0 for a free one
     * @param sshPort        SSH port on 127.0.0.1, 0 for a free one
     * @param daemonPort     {@code git://} port on 127.0.0.1, 0 for a free one
     */
    public record Options(String username, String password, List<String> authorizedKeys, Path dataDir,
                          int httpPort, int sshPort, int daemonPort) {

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
            dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
            Ports.checkOption(httpPort, "git server httpPort");
            Ports.checkOption(sshPort, "git server sshPort");
            Ports.checkOption(daemonPort, "git server daemonPort");
            if (httpPort != 0 && (httpPort == sshPort || httpPort == daemonPort)
                    || sshPort != 0 && sshPort == daemonPort) {
                throw new IllegalArgumentException("git server ports must differ: http " + httpPort + ", ssh "
                        + sshPort + ", daemon " + daemonPort);
            }
        }

        /** Repositories in a temp directory, free ports. */
        public Options(String username, String password, List<String> authorizedKeys) {
            this(username, password, authorizedKeys, null, 0, 0, 0);
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
            return new Options(username, password, keys, dataDir, httpPort, sshPort, daemonPort);
        }

        /** Keeps the repositories and the SSH host key in {@code dir} across runs; null for a temp directory. */
        public Options withDataDir(Path dir) {
            return new Options(username, password, authorizedKeys, dir, httpPort, sshPort, daemonPort);
        }

        /** Serves smart HTTP on {@code port} (0 for a free one). */
        public Options withHttpPort(int port) {
            return new Options(username, password, authorizedKeys, dataDir, port, sshPort, daemonPort);
        }

        /** Serves SSH on {@code port} (0 for a free one); with a data directory, known_hosts lines stay valid. */
        public Options withSshPort(int port) {
            return new Options(username, password, authorizedKeys, dataDir, httpPort, port, daemonPort);
        }

        /** Serves {@code git://} on {@code port} (0 for a free one). */
        public Options withDaemonPort(int port) {
            return new Options(username, password, authorizedKeys, dataDir, httpPort, sshPort, port);
        }

        @Override
        public String toString() {
            return "Options[username=" + username + ", password=***, authorizedKeys=" + authorizedKeys.size()
                    + ", dataDir=" + (dataDir == null ? "(temp)" : dataDir) + ", httpPort=" + httpPort
                    + ", sshPort=" + sshPort + ", daemonPort=" + daemonPort + "]";
        }
    }

    /**
     * Starts the three transports on loopback over the repositories of {@link Options#dataDir()}, or of a new temp
     * directory.
     */
    public static GitServer start(Options options) {
        Objects.requireNonNull(options, "options");
        long started = System.nanoTime();
        boolean keep = options.dataDir() != null;
        Path root = keep ? options.dataDir() : TempDirs.create(COMPONENT);
        DataDirLock lock = keep ? DataDirLock.acquire(root, COMPONENT) : null;
        SmartHttpServer http = null;
        GitDaemon daemon = null;
        GitSshServer ssh = null;
        try {
            Path repos = Files.createDirectories(root.resolve("repositories"));
            Path home = Files.createDirectories(root.resolve("home"));
            Path logs = Files.createDirectories(root.resolve("logs"));
            Path sshDir = Files.createDirectories(root.resolve("ssh"));
            Path httpBackend = GitPrograms.locate("git-http-backend");
            KeyPair hostKey = keep ? Ed25519Keys.loadOrCreate(sshDir.resolve(HOST_KEY_FILE)) : Ed25519Keys.generate();
            http = SmartHttpServer.start(httpBackend, repos, home, logs.resolve("http-backend.log"),
                    new BasicAuth(options.username(), options.password()), options.httpPort());
            daemon = GitDaemon.start(repos, home, logs, options.daemonPort());
            ssh = GitSshServer.start(repos, home, sshDir.resolve("known_hosts"), hostKey,
                    options.authorizedKeys().stream().map(AuthorizedKeys::parse).toList(), options.sshPort());
            GitServer server = new GitServer(options, root, lock, new BareRepositories(repos), http, daemon, ssh);
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
            if (keep) {
                lock.close();
            } else {
                TempDirs.deleteQuietly(root);
            }
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

    /**
     * The SSH host key as OpenSSH writes it, {@code ssh-ed25519 AAAA...}; new for every server without a data
     * directory, the same for every server on one data directory.
     */
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

    /**
     * Stops the servers and the git processes serving requests; deletes the repositories unless they are in a data
     * directory.
     */
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
        http.close();
        daemon.close();
        ssh.close();
        if (lock != null) {
            lock.close();
        } else {
            TempDirs.deleteQuietly(root);
        }
    }

    @Override
    public String toString() {
        return "GitServer[" + describe() + "]";
    }

    private String describe() {
        return "http://127.0.0.1:" + http.port() + " (basic auth, user " + options.username() + "), git://127.0.0.1:"
                + daemon.port() + " (anonymous), ssh://127.0.0.1:" + ssh.port() + " (public keys, host key "
                + ssh.hostKeyFingerprint() + "), repositories in " + root.resolve("repositories")
                + (lock != null ? " (kept)" : "");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("git server " + root + " is closed");
        }
    }
}
