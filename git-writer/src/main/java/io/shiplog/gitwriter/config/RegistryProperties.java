package io.shiplog.gitwriter.config;

import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.nio.file.Path;

/**
 * {@code shiplog.git-writer.registries[i]}: how git-writer reaches a container registry to confirm that the digest a
 * {@code ReleaseImage} names exists before committing it (the fleet file's {@code registries}).
 *
 * @param host     the registry as image names spell it ({@code ghcr.io}, {@code registry.local:5000})
 * @param url      its API base; {@code https://<host>} when unset
 * @param username user for Basic auth or the token service; none for anonymous access
 * @param password     its password or token; never logged
 * @param dockerConfig a Docker {@code config.json} whose {@code auths} entry for the host gives the credentials
 */
public record RegistryProperties(@NotBlank String host, URI url, String username, String password,
                                 Path dockerConfig) {

    /** The API base URL, without a trailing slash. */
    public String apiBase() {
        String base = url == null ? "https://" + host : url.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    public String toString() {
        return "RegistryProperties[host=" + host + ", url=" + url + ", username=" + username + ", password="
                + (password == null ? "none" : "***") + ", dockerConfig=" + dockerConfig + "]";
    }
}
