package io.shiplog.cluster.config;

import io.shiplog.git.GitRemote;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shiplog.applier.repositories[i]} and {@code shiplog.drift.repositories[i]}: a config repository that is
 * mirrored and read manifests from, over HTTPS, SSH, {@code git://}, {@code file://} or a local path.
 *
 * @param name       how clusters refer to it
 * @param url        clone URL or local path; it is also the {@code configRepo} that commit events name
 * @param username   HTTP Basic user name (with {@code password}, or with {@code token}; default {@code git})
 * @param password   HTTP Basic password; never shown
 * @param token      access token sent as the HTTP Basic password; never shown
 * @param sshKey     private key file for SSH URLs (OpenSSH format, unencrypted)
 * @param knownHosts known_hosts file the SSH server's host key must be in (strict checking)
 * @param timeout    bound of one fetch (connect and each read)
 * @param allowRemoteBases whether kustomize units may refer to remote bases and resources (fetched with network
 *                   access when rendered); refused by default
 */
public record RepositoryProperties(
        @NotBlank String name,
        @NotBlank String url,
        String username,
        String password,
        String token,
        Path sshKey,
        Path knownHosts,
        @NotNull @DefaultValue("60s") Duration timeout,
        @DefaultValue("false") boolean allowRemoteBases) {

    /** Binds the properties (the other constructor is for code). */
    @ConstructorBinding
    public RepositoryProperties {
    }

    /** A repository whose kustomize units may not use remote bases. */
    public RepositoryProperties(String name, String url, String username, String password, String token, Path sshKey,
                                Path knownHosts, Duration timeout) {
        this(name, url, username, password, token, sshKey, knownHosts, timeout, false);
    }

    /** The git settings of the repository, as {@link io.shiplog.git.GitAccess} takes them. */
    public GitRemote remote() {
        return new GitRemote(name, url, username, password, token, sshKey, knownHosts, timeout);
    }

    /**
     * Adds to {@code problems} what is wrong with the repository at property path {@code at}: a name already in
     * {@code seenNames} (the name is added), and every problem of its {@link GitRemote#check git settings} (URL,
     * both password and token, readable key and known_hosts files for SSH).
     */
    public void check(String at, Set<String> seenNames, List<String> problems) {
        if (!seenNames.add(name)) {
            problems.add(at + ".name '" + name + "' is used twice");
        }
        remote().check(at, problems);
    }

    @Override
    public String toString() {
        return "RepositoryProperties[name=" + name + ", url=" + remote().redactedUrl() + ", username=" + username
                + ", password=" + mask(password) + ", token=" + mask(token) + ", sshKey=" + sshKey + ", knownHosts="
                + knownHosts + ", timeout=" + timeout + ", allowRemoteBases=" + allowRemoteBases + "]";
    }

    private static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "(none)" : "***";
    }

    /** The repository {@code cluster} names, or the first one when it names none. */
    public static RepositoryProperties select(List<RepositoryProperties> repositories, String cluster,
                                              String named) {
        if (named == null || named.isBlank()) {
            return repositories.get(0);
        }
        return repositories.stream().filter(r -> r.name().equals(named)).findFirst()
                .orElseThrow(() -> new IllegalStateException("cluster " + cluster + " names unknown repository "
                        + named));
    }
}
