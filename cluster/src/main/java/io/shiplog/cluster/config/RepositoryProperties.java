package io.shiplog.cluster.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shiplog.applier.repositories[i]}: a config repository the applier mirrors and reads manifests from.
 *
 * @param name     how clusters refer to it
 * @param url      clone URL; it is also the {@code configRepo} that commit events name
 * @param username HTTP Basic user name (with {@code password}, or with {@code token}; default {@code git})
 * @param password HTTP Basic password; never shown
 * @param token    access token sent as the HTTP Basic password; never shown
 * @param timeout  bound of one fetch (connect and each read)
 */
public record RepositoryProperties(
        @NotBlank String name,
        @NotBlank String url,
        String username,
        String password,
        String token,
        @NotNull @DefaultValue("60s") Duration timeout) {

    public boolean hasCredentials() {
        return password != null && !password.isEmpty() || token != null && !token.isEmpty();
    }

    @Override
    public String toString() {
        return "RepositoryProperties[name=" + name + ", url=" + url + ", username=" + username
                + ", password=" + mask(password) + ", token=" + mask(token) + ", timeout=" + timeout + "]";
    }

    private static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "(none)" : "***";
    }

    /** The repository {@code cluster} names, or the first one when it names none. */
    public static RepositoryProperties select(java.util.List<RepositoryProperties> repositories, String cluster,
                                              String named) {
        if (named == null || named.isBlank()) {
            return repositories.get(0);
        }
        return repositories.stream().filter(r -> r.name().equals(named)).findFirst()
                .orElseThrow(() -> new IllegalStateException("cluster " + cluster + " names unknown repository "
                        + named));
    }
}
