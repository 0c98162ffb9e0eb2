package io.shiplog.cluster.render.sops;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.shiplog.cluster.config.Decryption;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubeResponse;
import io.shiplog.cluster.kube.KubernetesHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The age secret keys Shiplog decrypts SOPS files with: read from the text of a key file (as {@code age-keygen}
 * writes it) or from a Kubernetes Secret whose data keys end in {@code .agekey} (the Flux convention). Only the
 * public recipients are ever shown; messages about a bad key name its source and line, never the key.
 */
public final class AgeIdentities {

    private static final String SECRET_PREFIX = "AGE-SECRET-KEY-1";
    private static final String POST_QUANTUM_PREFIX = "AGE-SECRET-KEY-PQ-1";
    /** The Flux convention for Secrets holding age keys. */
    public static final String SECRET_KEY_SUFFIX = ".agekey";

    private final List<X25519Identity> identities;

    private AgeIdentities(List<X25519Identity> identities) {
        this.identities = List.copyOf(identities);
    }

    /** No keys: every encrypted object fails with "no identity matches". */
    public static AgeIdentities none() {
        return new AgeIdentities(List.of());
    }

    /**
     * The identities in {@code text} (lines {@code AGE-SECRET-KEY-1…}; blank lines and {@code #} comments skipped),
     * read from {@code source} (a path or Secret, for messages).
     *
     * @throws IllegalArgumentException naming the source and line of a malformed key, or when there is no key
     */
    public static AgeIdentities parse(String text, String source) {
        List<X25519Identity> identities = new ArrayList<>();
        addFrom(text, source, identities);
        if (identities.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no age secret key (AGE-SECRET-KEY-1…)");
        }
        return new AgeIdentities(identities);
    }

    /**
     * The identities in the values of {@code data} (a Secret's {@code data}: base64 values) whose keys end in
     * {@code .agekey}, from {@code source} (for messages).
     */
    public static AgeIdentities fromSecretData(JsonObject data, String source) {
        List<X25519Identity> identities = new ArrayList<>();
        if (data != null) {
            for (Map.Entry<String, JsonElement> entry : data.entrySet()) {
                if (!entry.getKey().endsWith(SECRET_KEY_SUFFIX)) {
                    continue;
                }
                String where = source + " key " + entry.getKey();
                JsonElement value = entry.getValue();
                if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                    throw new IllegalArgumentException(where + " is not a string");
                }
                byte[] decoded;
                try {
                    decoded = Base64.getDecoder().decode(value.getAsString());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + " is not base64");
                }
                addFrom(new String(decoded, StandardCharsets.UTF_8), where, identities);
            }
        }
        if (identities.isEmpty()) {
            throw new IllegalArgumentException(source + " has no data key ending in " + SECRET_KEY_SUFFIX
                    + " holding an age secret key");
        }
        return new AgeIdentities(identities);
    }

    /**
     * The identities in the Secret {@code namespace/name} of the cluster {@code kube} talks to.
     *
     * @throws IllegalArgumentException when the Secret cannot be read (naming it and the API server's answer) or
     *                                  holds no usable key
     */
    public static AgeIdentities fromSecret(KubernetesHandler kube, String namespace, String name) {
        String source = "Secret " + namespace + "/" + name + " in cluster " + kube.cluster();
        KubeResource secrets = new KubeResource("", "v1", "Secret", "secrets", true);
        KubeResponse response = kube.get(secrets, namespace, name);
        if (!response.isSuccess() || response.object() == null) {
            throw new IllegalArgumentException("cannot read the age keys from " + source + ": "
                    + (response.isNotFound() ? "not found" : response.code() + " " + response.message()));
        }
        JsonElement data = response.object().get("data");
        return fromSecretData(data != null && data.isJsonObject() ? data.getAsJsonObject() : null, source);
    }

    /**
     * The identities a cluster's {@code decryption} names: its key file's, then its Secret's, read through the
     * cluster's {@code kube} handler; none when neither is set.
     *
     * @throws IllegalArgumentException naming the file or Secret that cannot be read or holds no usable key
     */
    public static AgeIdentities of(Decryption decryption, KubernetesHandler kube) {
        AgeIdentities identities = none();
        if (decryption.keyFile() != null) {
            String text;
            try {
                text = Files.readString(decryption.keyFile());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the age key file " + decryption.keyFile() + ": "
                        + e.getClass().getSimpleName());
            }
            identities = identities.and(parse(text, "age key file " + decryption.keyFile()));
        }
        Optional<Decryption.SecretRef> secret = decryption.secretRef();
        if (secret.isPresent()) {
            identities = identities.and(fromSecret(kube, secret.get().namespace(), secret.get().name()));
        }
        return identities;
    }

    /** These identities followed by {@code other}'s. */
    public AgeIdentities and(AgeIdentities other) {
        List<X25519Identity> all = new ArrayList<>(identities);
        all.addAll(other.identities);
        return new AgeIdentities(all);
    }

    /** The public recipients ({@code age1…}) of these identities. */
    public List<String> recipients() {
        return identities.stream().map(X25519Identity::recipient).toList();
    }

    List<X25519Identity> identities() {
        return identities;
    }

    private static void addFrom(String text, String source, List<X25519Identity> identities) {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith(POST_QUANTUM_PREFIX)) {
                throw new IllegalArgumentException(where + " is a post-quantum age key (AGE-SECRET-KEY-PQ-1…); "
                        + "Shiplog decrypts with X25519 age keys (AGE-SECRET-KEY-1…)");
            }
            if (!upper.startsWith(SECRET_PREFIX)) {
                throw new IllegalArgumentException(where + " is not an age secret key (AGE-SECRET-KEY-1…)");
            }
            Bech32.Decoded decoded;
            try {
                decoded = Bech32.decode(line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " is not a valid age secret key: " + e.getMessage());
            }
            if (!"age-secret-key-".equals(decoded.hrp()) || decoded.data().length != 32) {
                throw new IllegalArgumentException(where + " is not a valid age secret key: wrong length");
            }
            identities.add(new X25519Identity(decoded.data()));
        }
    }

    @Override
    public String toString() {
        return "age identities for " + recipients();
    }
}
