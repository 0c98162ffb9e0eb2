package io.shiplog.gitwriter.git;

import io.shiplog.gitwriter.config.RepositoryProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * How a repository's transports authenticate: HTTP Basic (user + password or token), an SSH key with strict
 * known-hosts checking (JGit's Apache MINA transport, its own home so {@code ~/.ssh} is never read), or nothing.
 * Also masks the configured secrets in any text that leaves the handler.
 */
final class GitAuth implements AutoCloseable {

    private final UsernamePasswordCredentialsProvider basic;
    private final SshdSessionFactory ssh;
    private final List<String> secrets = new ArrayList<>();

    private GitAuth(UsernamePasswordCredentialsProvider basic, SshdSessionFactory ssh) {
        this.basic = basic;
        this.ssh = ssh;
    }

    static GitAuth of(RepositoryProperties repository, Path scratch) {
        UsernamePasswordCredentialsProvider basic = null;
        if (repository.token() != null && !repository.token().isEmpty()) {
            String user = repository.username() == null || repository.username().isBlank() ? "git"
                    : repository.username();
            basic = new UsernamePasswordCredentialsProvider(user, repository.token());
        } else if (repository.password() != null && !repository.password().isEmpty()) {
            basic = new UsernamePasswordCredentialsProvider(repository.username() == null ? ""
                    : repository.username(), repository.password());
        }
        SshdSessionFactory ssh = null;
        if (repository.isSsh()) {
            ssh = sshFactory(repository, scratch);
        }
        GitAuth auth = new GitAuth(basic, ssh);
        for (String secret : new String[] {repository.password(), repository.token()}) {
            if (secret != null && !secret.isEmpty()) {
                auth.secrets.add(secret);
            }
        }
        return auth;
    }

    private static SshdSessionFactory sshFactory(RepositoryProperties repository, Path scratch) {
        try {
            Path home = Files.createDirectories(scratch.resolve("ssh-home"));
            Path sshDir = Files.createDirectories(home.resolve(".ssh"));
            Files.writeString(sshDir.resolve("config"), """
                    Host *
                      StrictHostKeyChecking yes
                      BatchMode yes
                      ConnectTimeout %d
                    """.formatted(Math.max(1, repository.timeout().toSeconds())));
            Path key = repository.sshKey();
            Path knownHosts = repository.knownHosts();
            return new SshdSessionFactoryBuilder()
                    .setHomeDirectory(home.toFile())
                    .setSshDirectory(sshDir.toFile())
                    .setPreferredAuthentications("publickey")
                    .setDefaultIdentities(dir -> List.of(key))
                    .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
                    .build(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the SSH client home of " + repository.name(), e);
        }
    }

    /** Sets credentials and the SSH session factory on a transport. */
    void configure(Transport transport) {
        if (basic != null) {
            transport.setCredentialsProvider(basic);
        }
        if (ssh != null && transport instanceof SshTransport sshTransport) {
            sshTransport.setSshSessionFactory(ssh);
        }
    }

    /** {@code text} without credentials: user info of URLs and every configured secret replaced by {@code ***}. */
    String mask(String text) {
        if (text == null) {
            return "";
        }
        String out = text.replaceAll("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@", "$1***@");
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        return out;
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }
}
