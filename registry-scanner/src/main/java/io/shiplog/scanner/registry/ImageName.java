package io.shiplog.scanner.registry;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A canonical image repository: registry host and path, e.g. {@code ghcr.io/acme/app} or
 * {@code docker.io/library/nginx}. Docker Hub names get the {@code docker.io} host and the {@code library/} prefix;
 * its API lives at {@code registry-1.docker.io}.
 *
 * @param host registry host as users write it ({@code docker.io}, {@code 127.0.0.1:5000})
 * @param path repository path in that registry ({@code library/nginx})
 */
public record ImageName(String host, String path) {

    public static final String DOCKER_HUB = "docker.io";
    private static final Pattern PATH = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

    /** Parses {@code name} (no tag or digest); fails with a message naming it when it is not a repository name. */
    public static ImageName parse(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("image repository name is empty");
        }
        String n = name.strip();
        int at = n.indexOf('@');
        if (at >= 0) {
            n = n.substring(0, at);
        }
        int slash = n.indexOf('/');
        int colon = n.lastIndexOf(':');
        if (colon > Math.max(slash, -1) && slash >= 0 || colon >= 0 && slash < 0) {
            n = n.substring(0, colon);
        }
        String host;
        String path;
        slash = n.indexOf('/');
        String first = slash < 0 ? "" : n.substring(0, slash);
        if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            host = first.toLowerCase(Locale.ROOT);
            path = n.substring(slash + 1);
        } else {
            host = DOCKER_HUB;
            path = n;
        }
        if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
            host = DOCKER_HUB;
        }
        if (host.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        if (!PATH.matcher(path).matches() || path.length() > 255) {
            throw new IllegalArgumentException("'" + name + "' is not a valid image repository name");
        }
        return new ImageName(host, path);
    }

    /** The host the registry API is served at. */
    public String apiHost() {
        return host.equals(DOCKER_HUB) ? "registry-1.docker.io" : host;
    }

    @Override
    public String toString() {
        return host + "/" + path;
    }
}
