package io.shiplog.scanner.registry;

import java.net.URI;

/**
 * How to talk to one registry host.
 *
 * @param baseUrl     scheme and authority of its API ({@code https://ghcr.io}, {@code http://127.0.0.1:5000})
 * @param pageSize    {@code n} of tags/list pages (Quay refuses more than 100)
 * @param concurrency requests in flight at most
 */
public record HostSettings(URI baseUrl, int pageSize, int concurrency) {

    /** HTTPS on the API host, except plain HTTP for loopback hosts (as Docker allows them insecure). */
    public static HostSettings defaults(String apiHost) {
        String hostOnly = apiHost.replaceFirst(":\\d+$", "");
        boolean loopback = hostOnly.equals("localhost") || hostOnly.startsWith("127.") || hostOnly.equals("[::1]");
        return new HostSettings(URI.create((loopback ? "http://" : "https://") + apiHost), 1000, 8);
    }
}
