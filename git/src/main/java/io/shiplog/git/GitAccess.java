package io.shiplog.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Opens JGit transports to one repository with its credentials and timeout: HTTP Basic (password or token) for
 * HTTP(S), an SSH key with strict known-hosts checking for SSH (JGit's Apache MINA client, with a home of its own
 * so {@code ~/.ssh} is never read), nothing for {@code git://}, {@code file://} and local paths. Every text that
 * leaves it about the repository is masked: no URL user info, no configured secret. Close it to release the SSH
 * client.
 */
public final class GitAccess implements AutoCloseable {

    private static final int MAX_EXPLANATION = 1000;

    private final GitRemote remote;
    private final URIish uri;
    private final UsernamePasswordCredentialsProvider basic;
    private final String basicUser;
    private final String basicPassword;
    private final SshdSessionFactory ssh;

    private GitAccess(GitRemote remote, URIish uri, String basicUser, String basicPassword, SshdSessionFactory ssh) {
        this.remote = remote;
        this.uri = uri;
        this.basic = basicPassword == null ? null : new UsernamePasswordCredentialsProvider(basicUser, basicPassword);
        this.basicUser = basicUser;
        this.basicPassword = basicPassword;
        this.ssh = ssh;
    }

    /**
     * Access to {@code remote}. For an SSH URL the client's configuration is written under {@code clientHome}
     * (created when missing); other transports leave it untouched.
     *
     * @throws IllegalArgumentException when the URL cannot be parsed (the message is masked)
     */
    public static GitAccess of(GitRemote remote, Path clientHome) {
        URIish uri;
        try {
            uri = new URIish(remote.url());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("repository " + remote.name() + ": '" + remote.redactedUrl()
                    + "' is not a git URL (" + remote.mask(e.getReason()) + ")");
        }
        String user = null;
        String password = null;
        if (remote.token() != null && !remote.token().isEmpty()) {
            user = remote.tokenUser();
            password = remote.token();
        } else if (remote.password() != null && !remote.password().isEmpty()) {
            user = remote.username() == null ? "" : remote.username();
            password = remote.password();
        }
        return new GitAccess(remote, uri, user, password, remote.isSsh() ? sshClient(remote, clientHome) : null);
    }

    private static SshdSessionFactory sshClient(GitRemote remote, Path clientHome) {
        try {
            Path home = Files.createDirectories(clientHome.resolve("ssh-home"));
            Path sshDir = Files.createDirectories(home.resolve(".ssh"));
            Files.writeString(sshDir.resolve("config"), """
                    Host *
                      StrictHostKeyChecking yes
                      BatchMode yes
                      ConnectTimeout %d
                    """.formatted(Math.max(1, remote.timeout().toSeconds())));
            Path key = remote.sshKey();
            Path knownHosts = remote.knownHosts();
            return new SshdSessionFactoryBuilder()
                    .setHomeDirectory(home.toFile())
                    .setSshDirectory(sshDir.toFile())
                    .setPreferredAuthentications("publickey")
                    .setDefaultIdentities(dir -> key == null ? List.of() : List.of(key))
                    .setDefaultKnownHostsFiles(dir -> knownHosts == null ? List.of() : List.of(knownHosts))
                    .build(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the SSH client home of repository " + remote.name()
                    + " in " + clientHome, e);
        }
    }

    /** The settings this access was made from. */
    public GitRemote remote() {
        return remote;
    }

    /** The parsed URL; its {@code toString()} holds no password. */
    public URIish uri() {
        return uri;
    }

    /**
     * A transport from {@code local} to the repository, with credentials, SSH client and timeout set; close it. Over
     * HTTP(S) the Basic credentials go with the first request (as git does once it knows them, and go-git always),
     * which saves the round trip of a refused one on every fetch and push.
     */
    public Transport open(Repository local) throws IOException {
        Transport transport = Transport.open(local, uri);
        if (basic != null) {
            transport.setCredentialsProvider(basic);
            if (transport instanceof TransportHttp http && !basicUser.isEmpty()) {
                http.setPreemptiveBasicAuthentication(basicUser, basicPassword);
            }
        }
        if (ssh != null && transport instanceof SshTransport sshTransport) {
            sshTransport.setSshSessionFactory(ssh);
        }
        transport.setTimeout((int) Math.max(1, remote.timeout().toSeconds()));
        return transport;
    }

    /** {@code text} without URL user info and configured secrets. */
    public String mask(String text) {
        return remote.mask(text);
    }

    /**
     * What went wrong, for a message: {@code <operation> of <name> (<url>) failed: <the error and its causes>},
     * masked. Give it instead of the error as a cause, whose messages are not masked.
     */
    public String failure(String operation, Throwable error) {
        return operation + " of " + remote.name() + " (" + remote.redactedUrl() + ") failed: " + explain(error);
    }

    /** The messages of {@code error} and its causes (each once: JGit repeats a cause in its message), masked. */
    public String explain(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null && text.length() < MAX_EXPLANATION; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return mask(text.toString());
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }

    @Override
    public String toString() {
        return "GitAccess[" + remote + "]";
    }
}
