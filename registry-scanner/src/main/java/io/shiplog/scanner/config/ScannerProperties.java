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
 * @param dockerConfig       a Docker {@code config.json} whose {@code auths}, {@code credHelpers} and {@code credsStore}
 *                           give credentials
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
     * @param dockerConfig a Docker {@code config.json} whose {@code auths} entry (or credential helper) for this host
     *                     gives its credentials
     * @param auth         credentials fetched from a cloud provider or a docker credential helper
     */
    public record Registry(@NotBlank String host, URI url, String username, String password,
                           @Min(1) @Max(10000) @DefaultValue("1000") int pageSize,
                           @Min(1) @Max(256) @DefaultValue("8") int concurrency, Path dockerConfig, @Valid Auth auth) {
        @Override
        public String toString() {
            return "Registry[host=" + host + ", url=" + url + ", username=" + username + ", password="
                    + (password == null ? "(none)" : "***") + ", pageSize=" + pageSize + ", concurrency="
                    + concurrency + ", dockerConfig=" + dockerConfig + ", auth=" + auth + "]";
        }
    }

    /** Where {@link Auth} fetches a registry's credentials. */
    public enum Provider {
        /** Amazon ECR: GetAuthorizationToken with the AWS default credential chain. */
        ECR,
        /** Google Artifact Registry / GCR: an OAuth2 access token from application-default credentials. */
        GOOGLE,
        /** Azure Container Registry: an Entra ID token exchanged for an ACR refresh token. */
        ACR,
        /** A docker credential helper {@code docker-credential-<helper>}. */
        HELPER
    }

    /**
     * {@code registries[].auth}: a registry's credentials fetched rather than configured.
     *
     * @param provider           ecr, google, acr or helper
     * @param region             ecr: the AWS region (default: read from {@code <account>.dkr.ecr.<region>.amazonaws.com})
     * @param endpoint           ecr: the ECR API; google: the metadata server; acr: the Entra ID authority (defaults:
     *                           the public ones)
     * @param keyFile            google: a service-account or user JSON key (default: application-default credentials)
     * @param tenant             acr: the Entra ID tenant
     * @param clientId           acr: the application (client) id
     * @param clientSecret       acr: its client secret; never shown
     * @param federatedTokenFile acr: a workload identity's token file instead (default AZURE_FEDERATED_TOKEN_FILE)
     * @param helper             helper: {@code <name>} of {@code docker-credential-<name>} on the PATH
     */
    public record Auth(@NotNull Provider provider, String region, URI endpoint, Path keyFile, String tenant,
                       String clientId, String clientSecret, Path federatedTokenFile, String helper) {
        @Override
        public String toString() {
            return "Auth[provider=" + provider + ", region=" + region + ", endpoint=" + endpoint + ", keyFile="
                    + keyFile + ", tenant=" + tenant + ", clientId=" + clientId + ", clientSecret="
                    + (clientSecret == null ? "(none)" : "***") + ", federatedTokenFile=" + federatedTokenFile
                    + ", helper=" + helper + "]";
        }

        /** What is wrong with this auth of registry {@code at} ({@code host}), if anything. */
        List<String> problems(String at, String host) {
            List<String> problems = new ArrayList<>();
            switch (provider) {
                case ECR -> {
                    if (region == null && !host.toLowerCase(java.util.Locale.ROOT)
                            .matches("\\d{12}\\.dkr\\.ecr(-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?")) {
                        problems.add(at + "auth.region is required: " + host + " is not an ECR host name "
                                + "(<account>.dkr.ecr.<region>.amazonaws.com)");
                    }
                }
                case GOOGLE -> {
                    if (keyFile != null && !Files.isReadable(keyFile)) {
                        problems.add(at + "auth.key-file " + keyFile + " is not a readable file");
                    }
                }
                case ACR -> {
                    if (tenant == null || tenant.isBlank() || clientId == null || clientId.isBlank()) {
                        problems.add(at + "auth needs tenant and client-id for provider acr");
                    }
                    if (clientSecret != null && federatedTokenFile != null) {
                        problems.add(at + "auth gives both client-secret and federated-token-file; give one");
                    }
                    if (clientSecret == null && federatedTokenFile == null
                            && System.getenv("AZURE_FEDERATED_TOKEN_FILE") == null) {
                        problems.add(at + "auth needs client-secret or federated-token-file for provider acr "
                                + "(or AZURE_FEDERATED_TOKEN_FILE in the environment)");
                    }
                    if (federatedTokenFile != null && !Files.isReadable(federatedTokenFile)) {
                        problems.add(at + "auth.federated-token-file " + federatedTokenFile
                                + " is not a readable file");
                    }
                }
                case HELPER -> {
                    if (helper == null || !helper.matches("[A-Za-z0-9._-]{1,64}")) {
                        problems.add(at + "auth.helper must name docker-credential-<helper>: letters, digits, "
                                + "'.', '_' or '-'");
                    }
                }
            }
            if (endpoint != null && !List.of("http", "https").contains(endpoint.getScheme())) {
                problems.add(at + "auth.endpoint must be http or https");
            }
            return problems;
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
            if (registry.auth() != null) {
                if (registry.username() != null || registry.dockerConfig() != null) {
                    problems.add("shiplog.scanner.registries[" + i + "] (" + registry.host() + ") sets auth and "
                            + (registry.username() != null ? "username/password" : "docker-config") + "; give one");
                }
                problems.addAll(registry.auth().problems("shiplog.scanner.registries[" + i + "].", registry.host()));
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
