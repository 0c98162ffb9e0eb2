package io.shiplog.local.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * JGit's Apache MINA SSH transport as a service would set it up: its own home and ~/.ssh directory, one identity,
 * one known_hosts file and {@code StrictHostKeyChecking yes}, so an unknown or changed host key is refused.
 */
final class JGitSsh implements AutoCloseable {

    private final SshdSessionFactory factory;

    JGitSsh(Path scratch, SshKeyPair key, Path knownHosts) throws IOException {
        Path home = Files.createDirectories(scratch.resolve("jgit-home"));
        Path sshDir = Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(sshDir.resolve("config"), """
                Host *
                  StrictHostKeyChecking yes
                  ConnectTimeout 10
                """);
        factory = new SshdSessionFactoryBuilder()
                .setHomeDirectory(home.toFile())
                .setSshDirectory(sshDir.toFile())
                .setPreferredAuthentications("publickey")
                .setDefaultIdentities(dir -> List.of(key.privateKey()))
                .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
                .build(null);
    }

    /** Hands this session factory to a JGit command's SSH transport. */
    TransportConfigCallback transport() {
        return transport -> ((SshTransport) transport).setSshSessionFactory(factory);
    }

    @Override
    public void close() {
        factory.close();
    }
}
