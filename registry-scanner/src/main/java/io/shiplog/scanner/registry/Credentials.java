package io.shiplog.scanner.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplog.schemas.image.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registry credentials per host, from Docker {@code config.json} files ({@code auths} with base64 {@code auth} or
 * {@code username}/{@code password}, or an {@code identitytoken}), Kubernetes {@code kubernetes.io/dockerconfigjson}
 * Secrets (YAML or JSON manifests), explicit configuration and {@link CredentialSource}s (cloud registries,
 * credential helpers). A host's source comes first, then its fixed credential, then the default source (a docker
 * {@code credsStore}). Nothing here is ever printed: {@link Credential#toString()} masks.
 */
public final class Credentials implements AutoCloseable {

    /**
     * A user name and password (or token) for one registry host.
     *
     * @param identityToken the password is an OAuth2 refresh token, exchanged at the token service by
     *                      {@code POST grant_type=refresh_token} rather than sent as Basic credentials
     */
    public record Credential(String username, String password, boolean identityToken) {
        public Credential(String username, String password) {
            this(username, password, false);
        }

        public String basicHeader() {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Credential[username=" + username + ", password=***" + (identityToken ? ", identity token" : "")
                + "]";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Credential> byHost = new ConcurrentHashMap<>();
    private final Map<String, CredentialSource> sources = new ConcurrentHashMap<>();
    private volatile CredentialSource defaultSource;

    /** The credential for {@code host}: its source's, its fixed one, or the default source's. */
    public Optional<Credential> forHost(String host) throws CredentialException {
        String h = normalize(host);
        CredentialSource source = sources.get(h);
        if (source != null) {
            return source.credential(h);
        }
        Credential fixed = byHost.get(h);
        if (fixed != null) {
            return Optional.of(fixed);
        }
        CredentialSource fallback = defaultSource;
        return fallback == null ? Optional.empty() : fallback.credential(h);
    }

    /** Whether {@code host}'s credential is fetched (so a refused one may be renewed) rather than fixed. */
    public boolean renewable(String host) {
        String h = normalize(host);
        return sources.containsKey(h) || (!byHost.containsKey(h) && defaultSource != null);
    }

    /** Forgets the fetched credential of {@code host}; fixed ones stay. */
    public void invalidate(String host) {
        String h = normalize(host);
        CredentialSource source = sources.get(h);
        if (source == null && !byHost.containsKey(h)) {
            source = defaultSource;
        }
        if (source != null) {
            source.invalidate(h);
        }
    }

    public void put(String host, Credential credential) {
        byHost.put(normalize(host), credential);
    }

    /** {@code host}'s credentials come from {@code source} (before any fixed credential of it). */
    public void putSource(String host, CredentialSource source) {
        sources.put(normalize(host), source);
    }

    /** Hosts with neither a source nor a fixed credential ask {@code source} (a docker {@code credsStore}). */
    public void setDefaultSource(CredentialSource source) {
        defaultSource = source;
    }

    /** Releases the sources that hold clients (an ECR client); fixed credentials need nothing. */
    @Override
    public void close() {
        Set<CredentialSource> all = Collections.newSetFromMap(new IdentityHashMap<>());
        all.addAll(sources.values());
        if (defaultSource != null) {
            all.add(defaultSource);
        }
        for (CredentialSource source : all) {
            if (source instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // shutting down: nothing else to release it
                }
            }
        }
    }

    /** Adds the {@code auths} of a Docker config.json; fails naming the file (never its content) when unreadable. */
    public void addDockerConfig(Path file) {
        try {
            addAuths(JSON.readTree(Files.readAllBytes(file)), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("docker config " + file + " cannot be read as JSON: "
                    + e.getClass().getSimpleName());
        }
    }

    /** Adds a Kubernetes Secret of type {@code kubernetes.io/dockerconfigjson} (YAML or JSON), by file. */
    public void addDockerConfigSecret(Path file) {
        JsonNode secret;
        try {
            Object document = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                    new org.yaml.snakeyaml.LoaderOptions())).load(Files.readString(file));
            secret = JSON.valueToTree(document);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("pull secret " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
        String encoded = secret == null ? null : secret.path("data").path(".dockerconfigjson").asText(null);
        String plain = secret == null ? null : secret.path("stringData").path(".dockerconfigjson").asText(null);
        try {
            byte[] config = encoded != null ? Base64.getMimeDecoder().decode(encoded)
                    : plain != null ? plain.getBytes(StandardCharsets.UTF_8) : null;
            if (config == null) {
                throw new IllegalStateException("pull secret " + file + " has no .dockerconfigjson in data or "
                        + "stringData");
            }
            addAuths(JSON.readTree(config), "pull secret " + file);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("pull secret " + file + ": .dockerconfigjson is not base64 JSON");
        }
    }

    private void addAuths(JsonNode root, String source) {
        JsonNode auths = root == null ? null : root.path("auths");
        boolean helpers = root != null && (root.hasNonNull("credsStore") || root.path("credHelpers").isObject());
        if (helpers && auths.isMissingNode()) {
            return;
        }
        if (auths == null || !auths.isObject()) {
            throw new IllegalStateException(source + " has no \"auths\" object");
        }
        auths.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            String user = value.path("username").asText(null);
            String password = value.path("password").asText(null);
            if (value.hasNonNull("auth")) {
                String decoded;
                try {
                    decoded = new String(Base64.getMimeDecoder().decode(value.get("auth").asText()),
                            StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(source + ": the auth of " + entry.getKey() + " is not base64");
                }
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw new IllegalStateException(source + ": the auth of " + entry.getKey()
                            + " is not user:password");
                }
                user = decoded.substring(0, colon);
                password = decoded.substring(colon + 1);
            }
            if (value.hasNonNull("identitytoken")) {
                put(entry.getKey(), new Credential(user == null ? "<token>" : user,
                        value.get("identitytoken").asText(), true));
            } else if (user != null && password != null) {
                put(entry.getKey(), new Credential(user, password));
            }
        });
    }

    /** {@code https://index.docker.io/v1/} → {@code docker.io}; scheme and path dropped, host lower-cased. */
    public static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT).replaceFirst("^[a-z]+://", "");
        int slash = h.indexOf('/');
        if (slash >= 0) {
            h = h.substring(0, slash);
        }
        return ImageReference.canonicalRegistry(h);
    }
}
