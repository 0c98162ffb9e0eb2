package io.shiplog.local.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;

/**
 * Git over SSH on loopback: an Apache MINA sshd server with a host key of its own (ed25519, given at start),
 * public-key authentication as user {@value AuthorizedKeys#USER} against {@link AuthorizedKeys}, and exec requests
 * for {@code git-upload-pack} and {@code git-receive-pack} only (no shell, no subsystems, no forwarding).
 */
final class GitSshServer implements AutoCloseable {

    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(30);

    private final SshServer server;
    private final ExecutorService pumps;
    private final AuthorizedKeys authorizedKeys;
    private final PublicKey hostKey;
    private final Path knownHostsFile;

    private GitSshServer(SshServer server, ExecutorService pumps, AuthorizedKeys authorizedKeys, PublicKey hostKey,
                         Path knownHostsFile) {
        this.server = server;
        this.pumps = pumps;
        this.authorizedKeys = authorizedKeys;
        this.hostKey = hostKey;
        this.knownHostsFile = knownHostsFile;
    }

    /**
     * Binds {@code port} (0 for a free one) on 127.0.0.1 and serves the bare repositories under
     * {@code repositories} with {@code hostKeyPair}; writes the server's known_hosts line to {@code knownHostsFile}.
     */
    static GitSshServer start(Path repositories, Path home, Path knownHostsFile, KeyPair hostKeyPair,
                              List<PublicKey> authorized, int port) {
        AuthorizedKeys authorizedKeys = new AuthorizedKeys();
        authorized.forEach(authorizedKeys::add);
        Path root;
        try {
            root = repositories.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve the repositories directory " + repositories, e);
        }
        Map<String, String> gitEnvironment = Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.toString(),
                "GIT_CONFIG_NOSYSTEM", "1", "LC_ALL", "C");
        ExecutorService pumps = Executors.newCachedThreadPool(daemonThreads());

        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKeyPair));
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPublickeyAuthenticator(authorizedKeys);
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setShellFactory(null);
        server.setSubsystemFactories(List.of());
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setCommandFactory((channel, command) ->
                new GitSshCommand(command, root, gitEnvironment, GIT_TIMEOUT, pumps));
        CoreModuleProperties.AUTH_TIMEOUT.set(server, AUTH_TIMEOUT);
        CoreModuleProperties.IDLE_TIMEOUT.set(server, GIT_TIMEOUT);
        try {
            server.start();
        } catch (IOException e) {
            pumps.shutdownNow();
            throw new UncheckedIOException("cannot start the git SSH server on 127.0.0.1:" + port
                    + (port == 0 ? "" : " (is the port in use?)"), e);
        }
        GitSshServer ssh = new GitSshServer(server, pumps, authorizedKeys, hostKeyPair.getPublic(), knownHostsFile);
        try {
            Files.writeString(knownHostsFile, ssh.knownHostsLine() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            ssh.close();
            throw new UncheckedIOException("cannot write the git SSH server's known_hosts file " + knownHostsFile, e);
        }
        return ssh;
    }

    int port() {
        return server.getPort();
    }

    /** {@code ssh-ed25519 AAAA...}: the host's public key as OpenSSH writes it. */
    String hostKey() {
        return Ed25519Keys.openSshLine(hostKey);
    }

    /** {@code SHA256:...}, as ssh shows it. */
    String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(hostKey);
    }

    /** {@code [127.0.0.1]:<port> ssh-ed25519 AAAA...}. */
    String knownHostsLine() {
        return "[127.0.0.1]:" + port() + " " + hostKey();
    }

    Path knownHostsFile() {
        return knownHostsFile;
    }

    void authorize(PublicKey key) {
        authorizedKeys.add(key);
    }

    int authorizedKeyCount() {
        return authorizedKeys.size();
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            // stopping immediately closes every session; an error here leaves nothing more to release
        }
        pumps.shutdownNow();
        try {
            pumps.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "git-ssh-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
