package io.shiplog.gitwriter.registry;

import io.shiplog.gitwriter.config.RegistryProperties;
import io.shiplog.schemas.image.ImageRepository;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Confirms that a digest a {@code ReleaseImage} names is a manifest of its repository: a {@code HEAD} on
 * {@code /v2/<path>/manifests/<digest>} at the registry (Basic credentials from {@code registries}, or the Bearer
 * token service the registry's challenge names). Only a 200 confirms it; a 404, a refusal, a redirect or no answer
 * within the deadline is a refusal with its reason, so a forged or mistyped digest is never committed. Messages name
 * the registry and repository, never a credential or token.
 */
public final class DigestCheck implements AutoCloseable {

    private static final String ACCEPT = String.join(", ", "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Duration timeout;
    private final HttpClient http;
    private final ExecutorService pool = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "git-writer-digest-check");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Map<String, RegistryProperties> registries = Map.of();

    /** @param timeout the whole check's deadline (token included) */
    public DigestCheck(List<RegistryProperties> registries, Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        configure(registries);
    }

    /** The registries known by host (a fleet file change). */
    public void configure(List<RegistryProperties> known) {
        Map<String, RegistryProperties> byHost = new HashMap<>();
        known.forEach(r -> byHost.put(r.host(), r));
        registries = Map.copyOf(byHost);
    }

    /** Why {@code digest} may not be released for {@code repository}; empty when the registry has it. */
    public CompletableFuture<Optional<String>> refusal(String repository, String digest) {
        return CompletableFuture.supplyAsync(() -> check(repository, digest), pool)
                .completeOnTimeout(Optional.of("cannot confirm digest " + digest + " of " + repository
                        + ": the registry did not answer within " + timeout.toSeconds() + " s"),
                        timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    Optional<String> check(String repository, String digest) {
        ImageRepository image = ImageRepository.parse(repository);
        RegistryProperties registry = registries.getOrDefault(image.registry(),
                new RegistryProperties(image.registry(), URI.create("https://" + image.apiHost()), null, null, null));
        URI manifest = URI.create(registry.apiBase() + "/v2/" + image.path() + "/manifests/" + digest);
        String unconfirmed = "cannot confirm digest " + digest + " of " + repository + " at " + registry.apiBase();
        try {
            String basic = basic(registry);
            HttpResponse<Void> response = head(manifest, basic);
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
            if (response.statusCode() == 401 && challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Optional<String> token = token(challenge, basic, image.path());
                if (token.isEmpty()) {
                    return Optional.of(unconfirmed + ": its token service gave no token");
                }
                response = head(manifest, "Bearer " + token.get());
            }
            int status = response.statusCode();
            if (status == 200) {
                return Optional.empty();
            }
            if (status == 404) {
                return Optional.of("digest " + digest + " is not a manifest of " + repository + " ("
                        + registry.apiBase() + " answered 404)");
            }
            return Optional.of(unconfirmed + ": HTTP " + status + (status == 401 || status == 403
                    ? " (give git-writer the registry's credentials under registries)" : ""));
        } catch (IOException e) {
            return Optional.of(unconfirmed + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(unconfirmed + ": interrupted");
        }
    }

    private HttpResponse<Void> head(URI uri, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", ACCEPT).timeout(timeout);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    /** A pull token from the realm the challenge names, for {@code path}. */
    private Optional<String> token(String challenge, String basic, String path)
            throws IOException, InterruptedException {
        Map<String, String> parameters = new HashMap<>();
        Matcher m = PARAMETER.matcher(challenge);
        while (m.find()) {
            parameters.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        String realm = parameters.get("realm");
        if (realm == null) {
            return Optional.empty();
        }
        StringBuilder query = new StringBuilder("scope=").append(encode("repository:" + path + ":pull"));
        if (parameters.containsKey("service")) {
            query.append("&service=").append(encode(parameters.get("service")));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?")
                + query)).GET().timeout(timeout);
        if (basic != null) {
            request.header("Authorization", basic);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String token = body.path("token").asString(body.path("access_token").asString(""));
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** The Basic authorization of the registry's username and password, or its Docker config entry; null: none. */
    private static String basic(RegistryProperties registry) throws IOException {
        if (registry.username() != null && !registry.username().isBlank()) {
            return "Basic " + Base64.getEncoder().encodeToString((registry.username() + ":"
                    + (registry.password() == null ? "" : registry.password())).getBytes(StandardCharsets.UTF_8));
        }
        if (registry.dockerConfig() == null) {
            return null;
        }
        JsonNode entry;
        try {
            entry = JSON.readTree(Files.readString(registry.dockerConfig())).path("auths").path(registry.host());
        } catch (JacksonException e) {
            throw new IOException("the Docker config of " + registry.host() + " is not JSON");
        }
        String auth = entry.path("auth").asString("");
        if (!auth.isEmpty()) {
            return "Basic " + auth;
        }
        String username = entry.path("username").asString("");
        return username.isEmpty() ? null : "Basic " + Base64.getEncoder().encodeToString((username + ":"
                + entry.path("password").asString("")).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
