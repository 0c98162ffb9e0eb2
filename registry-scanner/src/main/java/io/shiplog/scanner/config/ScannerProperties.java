package io.shiplog.scanner.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shiplog.scanner.*}: what to scan besides the watch list, how to reach each registry, and the webhook.
 *
 * @param repositories       repositories scanned besides the watch list (every instance scans these)
 * @param registries         per-host settings and credentials
 * @param dockerConfig       a Docker {@code config.json} whose {@code auths} give credentials
 * @param pullSecrets        Kubernetes {@code kubernetes.io/dockerconfigjson} Secret manifests (YAML or JSON)
 * @param webhook            the registry-notification endpoint
 * @param tuning             intervals, timeouts and concurrency
 */
@Validated
@ConfigurationProperties("shiplog.scanner")
public record ScannerProperties(
        @Valid @DefaultValue List<Repository> repositories,
        @Valid @DefaultValue List<Registry> registries,
        Path dockerConfig,
        @DefaultValue List<Path> pullSecrets,
        @Valid @NotNull @DefaultValue Webhook webhook,
        @Valid @NotNull @DefaultValue Tuning tuning) {

    /**
     * {@code shiplog.scanner.tuning}: how often and how hard the scanner works ({@code tuning.scanner} in the fleet
     * file).
     *
     * @param defaultInterval scan interval of repositories that name none
     * @param requestTimeout  bound of one registry request
     * @param scanConcurrency repositories scanned at once
     * @param watchlistGroup  consumer group that spreads the watch list over the scanner instances
     */
    public record Tuning(
            @NotNull @DefaultValue("1m") Duration defaultInterval,
            @NotNull @DefaultValue("10s") Duration requestTimeout,
            @Min(1) @Max(1024) @DefaultValue("16") int scanConcurrency,
            @NotBlank @DefaultValue("shiplog-registry-scanner") String watchlistGroup) {
    }

    /** Registers {@link Tuning} as the fleet file's {@code tuning.scanner} section, so it is checked there too. */
    public static final class TuningSection implements io.shiplog.fleet.TuningSection<Tuning> {
        @Override
        public String key() {
            return "scanner";
        }

        @Override
        public String prefix() {
            return "shiplog.scanner.tuning";
        }

        @Override
        public Class<Tuning> type() {
            return Tuning.class;
        }
    }

    /**
     * A repository configured by hand.
     *
     * @param name        e.g. {@code ghcr.io/acme/app}
     * @param trackedTags tags whose digest is checked on every scan
     * @param interval    scan interval; the default when unset
     */
    public record Repository(@NotBlank String name, @DefaultValue List<String> trackedTags, Duration interval) {
    }

    /**
     * One registry host.
     *
     * @param host        as in image names ({@code ghcr.io}, {@code 127.0.0.1:5000}, {@code docker.io})
     * @param url         API base URL when not {@code https://<host>} (loopback hosts default to http)
     * @param username    user for Basic auth or the token service
     * @param password    password or access token; never shown
     * @param pageSize     tags/list page size (Quay: at most 100)
     * @param concurrency  requests in flight at most
     * @param dockerConfig a Docker {@code config.json} whose {@code auths} entry for this host gives its credentials
     */
    public record Registry(@NotBlank String host, URI url, String username, String password,
                           @Min(1) @Max(10000) @DefaultValue("1000") int pageSize,
                           @Min(1) @Max(256) @DefaultValue("8") int concurrency, Path dockerConfig) {
        @Override
        public String toString() {
            return "Registry[host=" + host + ", url=" + url + ", username=" + username + ", password="
                    + (password == null ? "(none)" : "***") + ", pageSize=" + pageSize + ", concurrency="
                    + concurrency + ", dockerConfig=" + dockerConfig + "]";
        }
    }

    /**
     * The push-notification endpoint {@code POST /webhooks/registry}.
     *
     * @param token        shared bearer token
     * @param hmacSecret   secret of the HMAC-SHA256 body signature
     * @param maxBodyBytes larger notifications are refused with 413
     */
    public record Webhook(String token, String hmacSecret,
                          @Min(1024) @DefaultValue("1048576") int maxBodyBytes) {
        @Override
        public String toString() {
            return "Webhook[token=" + (token == null ? "(none)" : "***") + ", hmacSecret="
                    + (hmacSecret == null ? "(none)" : "***") + ", maxBodyBytes=" + maxBodyBytes + "]";
        }
    }

    /** Checks what annotations cannot; fails with every problem, each naming its property. */
    public ScannerProperties validated() {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < repositories.size(); i++) {
            try {
                io.shiplog.schemas.image.ImageRepository.parse(repositories.get(i).name());
            } catch (IllegalArgumentException e) {
                problems.add("shiplog.scanner.repositories[" + i + "].name: " + e.getMessage());
            }
            Duration interval = repositories.get(i).interval();
            if (interval != null && (interval.isNegative() || interval.isZero())) {
                problems.add("shiplog.scanner.repositories[" + i + "].interval must be positive");
            }
        }
        for (int i = 0; i < registries.size(); i++) {
            Registry registry = registries.get(i);
            if ((registry.username() == null) != (registry.password() == null)) {
                problems.add("shiplog.scanner.registries[" + i + "] (" + registry.host()
                        + ") sets only one of username and password");
            }
            if (registry.url() != null && !List.of("http", "https").contains(registry.url().getScheme())) {
                problems.add("shiplog.scanner.registries[" + i + "].url must be http or https");
            }
            if (registry.dockerConfig() != null && !Files.isReadable(registry.dockerConfig())) {
                problems.add("shiplog.scanner.registries[" + i + "].docker-config " + registry.dockerConfig()
                        + " is not a readable file");
            }
        }
        if (dockerConfig != null && !Files.isReadable(dockerConfig)) {
            problems.add("shiplog.scanner.docker-config " + dockerConfig + " is not a readable file");
        }
        for (int i = 0; i < pullSecrets.size(); i++) {
            if (!Files.isReadable(pullSecrets.get(i))) {
                problems.add("shiplog.scanner.pull-secrets[" + i + "] " + pullSecrets.get(i)
                        + " is not a readable file");
            }
        }
        if (tuning.defaultInterval().isNegative() || tuning.defaultInterval().isZero()) {
            problems.add("shiplog.scanner.tuning.default-interval must be positive");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid registry-scanner configuration:\n  - "
                    + String.join("\n  - ", problems));
        }
        return this;
    }
}
