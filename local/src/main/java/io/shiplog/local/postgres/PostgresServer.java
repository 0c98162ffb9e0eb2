package io.shiplog.local.postgres;

import io.shiplog.local.support.ChildProcess;
import io.shiplog.local.support.ParentDeath;
import io.shiplog.local.support.Ports;
import io.shiplog.local.support.ShutdownHooks;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgresql} package) on a free loopback port, its data directory in a
 * scratch directory, started with {@code initdb} and {@code postgres} from {@code /usr/lib/postgresql/<n>/bin}.
 * PostgreSQL refuses to run as root, so under root both run as the {@code postgres} OS user
 * ({@code runuser -u postgres --}) and the scratch directory is handed to that user. A superuser {@code shiplog}
 * with a random password (scram-sha-256 over TCP) owns everything; {@link #createDatabase(String)} adds databases.
 * Stopping it ({@link #close()}, or the shutdown hook at JVM exit) shuts the server down fast and deletes the data.
 * The password never appears in {@link #toString()}.
 *
 * <p>Under root the child process is {@code runuser}, which forks the server: the server is then started through
 * {@link ParentDeath} as well, so that it dies with {@code runuser}, which dies with the JVM.
 */
public final class PostgresServer implements AutoCloseable {

    /** System property naming the directory of {@code initdb} and {@code postgres}; else the newest installed. */
    public static final String BIN_PROPERTY = "shiplog.postgres.bin";
    /** The OS user the server runs as when the JVM runs as root. */
    public static final String OS_USER = "postgres";

    private static final String COMPONENT = "postgres";
    private static final String SUPERUSER = "shiplog";
    private static final int BIND_ATTEMPTS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long a fast shutdown may take before the process is stopped by signals instead. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final String password;
    private final boolean asOsUser;
    private final ChildProcess process;
    private final Thread shutdownHook;
    private boolean closed;

    private PostgresServer(Path bin, Path dir, Path data, int port, String password, boolean asOsUser,
                           ChildProcess process) {
        this.bin = bin;
        this.dir = dir;
        this.data = data;
        this.port = port;
        this.password = password;
        this.asOsUser = asOsUser;
        this.process = process;
        this.shutdownHook = new Thread(this::stop, "stop-" + COMPONENT + "-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Initialises a data directory, starts the server and waits until it accepts connections. */
    public static PostgresServer start() {
        long started = System.nanoTime();
        Path bin = binaries();
        boolean asOsUser = "root".equals(System.getProperty("user.name"));
        Path dir = TempDirs.create(COMPONENT);
        try {
            Path data = dir.resolve("data");
            Files.createDirectories(data);
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            Path passwordFile = Files.writeString(dir.resolve("password"), password);
            if (asOsUser) {
                handOver(dir);
            }
            run(asOsUser, dir, dir.resolve("initdb.log"), List.of(bin.resolve("initdb").toString(), "-D",
                    data.toString(), "-U", SUPERUSER, "--pwfile=" + passwordFile, "--auth-host=scram-sha-256",
                    "--auth-local=peer", "-E", "UTF8", "--locale=C", "--no-sync"));
            Files.delete(passwordFile);
            for (int attempt = 1; ; attempt++) {
                int port = Ports.freePort();
                List<String> command = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D",
                        data.toString(), "-p", Integer.toString(port), "-h", "127.0.0.1", "-k", dir.toString(),
                        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                        "-c", "max_connections=200"));
                List<String> serverCommand = asOsUser ? ParentDeath.wrap(command) : command;
                ChildProcess process = ChildProcess.start(COMPONENT, asUser(asOsUser, serverCommand), dir, Map.of(),
                        dir.resolve("postgres-" + attempt + ".log"));
                try {
                    process.awaitReady(() -> ready(bin, port), START_TIMEOUT);
                } catch (IllegalStateException e) {
                    process.close();
                    if (attempt < BIND_ATTEMPTS && process.logTail().contains("could not bind")) {
                        continue;
                    }
                    throw e;
                }
                PostgresServer server = new PostgresServer(bin, dir, data, port, password, asOsUser, process);
                StartupLog.started(COMPONENT, Duration.ofNanos(System.nanoTime() - started), server.describe());
                return server;
            }
        } catch (IOException e) {
            TempDirs.deleteQuietly(dir);
            throw new UncheckedIOException("cannot prepare PostgreSQL in " + dir, e);
        } catch (RuntimeException e) {
            TempDirs.deleteQuietly(dir);
            throw e;
        }
    }

    /** The server shared by everything in this JVM, started on first use. */
    public static PostgresServer shared() {
        return SharedPostgresServer.SERVER.get();
    }

    public int port() {
        return port;
    }

    /** The superuser's name. */
    public String username() {
        return SUPERUSER;
    }

    /** The superuser's password. */
    public String password() {
        return password;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Creates an empty database owned by the superuser and returns its JDBC URL.
     *
     * @param name lower-case letters, digits and '_', starting with a letter
     */
    public String createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name '" + name + "' must be lower-case letters, digits "
                    + "and '_', starting with a letter");
        }
        ProcessBuilder psql = new ProcessBuilder(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", SUPERUSER, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c",
                "CREATE DATABASE " + name)
                .redirectErrorStream(true).redirectOutput(dir.resolve("psql.log").toFile());
        psql.environment().put("PGPASSWORD", password);
        int status = waitFor(psql, "psql CREATE DATABASE " + name);
        if (status != 0) {
            throw new IllegalStateException("cannot create database " + name + " on " + describe() + ": "
                    + read(dir.resolve("psql.log")));
        }
        return jdbcUrl(name);
    }

    /** The server's own log. */
    public Path logFile() {
        return process.logFile();
    }

    /** Shuts the server down (fast mode: open sessions are ended) and deletes its data. */
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
        try {
            run(asOsUser, dir, dir.resolve("pg_ctl.log"), List.of(bin.resolve("pg_ctl").toString(), "-D",
                    data.toString(), "-m", "fast", "-w", "-t", Long.toString(STOP_TIMEOUT.toSeconds()), "stop"));
        } catch (RuntimeException e) {
            // the process is stopped below either way
        }
        process.close();
        TempDirs.deleteQuietly(dir);
    }

    @Override
    public String toString() {
        return "PostgresServer[" + describe() + "]";
    }

    private String describe() {
        return "127.0.0.1:" + port + ", superuser " + SUPERUSER + ", data in " + data
                + (asOsUser ? ", running as OS user " + OS_USER : "");
    }

    /** The directory of {@code initdb} and {@code postgres}: the property, else the newest version installed. */
    static Path binaries() {
        String configured = System.getProperty(BIN_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(PostgresServer::versionOf));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed: no /usr/lib/postgresql/<version>/bin/initdb "
                + "(apt-get install postgresql, or set -D" + BIN_PROPERTY + "=<dir of initdb and postgres>)");
    }

    private static int versionOf(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<String> asUser(boolean asOsUser, List<String> command) {
        if (!asOsUser) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", OS_USER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives the scratch directory and everything in it to the {@code postgres} user (mode 0700 for data). */
    private static void handOver(Path dir) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        GroupPrincipal group;
        try {
            user = users.lookupPrincipalByName(OS_USER);
            group = users.lookupPrincipalByGroupName(OS_USER);
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL cannot run as root and there is no OS user '" + OS_USER
                    + "' to run it as (the postgresql package creates it)", e);
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                view.setOwner(user);
                view.setGroup(group);
            }
        }
        Files.setPosixFilePermissions(dir.resolve("data"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rwx------"));
    }

    private static void run(boolean asOsUser, Path dir, Path log, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(asUser(asOsUser, command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        int status = waitFor(builder, command.get(0));
        if (status != 0) {
            throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " exited with " + status + ": "
                    + read(log));
        }
    }

    private static boolean ready(Path bin, int port) {
        ProcessBuilder probe = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-t", "1").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return waitFor(probe, "pg_isready") == 0;
    }

    private static int waitFor(ProcessBuilder builder, String what) {
        try {
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within 120 s");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log).strip();
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
