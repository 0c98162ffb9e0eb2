package io.shiplog.cluster.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code clusters[].decryption}: where the age keys that decrypt the cluster's SOPS-encrypted files are. Either or
 * both of a key file on the service's disk (its content is secret, its path is not) and a Secret in the target
 * cluster, {@code namespace/name}, whose data keys ending in {@code .agekey} hold the keys (Flux's convention).
 *
 * @param keyFile an age key file ({@code age-keygen} output); null when not used
 * @param secret  {@code namespace/name} of a Secret in the target cluster; null or blank when not used
 */
public record Decryption(Path keyFile, String secret) {

    /** No keys: encrypted files fail to apply with "no identity matches". */
    public static final Decryption NONE = new Decryption(null, null);

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    /** A Secret's namespace and name. */
    public record SecretRef(String namespace, String name) {

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    /** Whether neither a key file nor a Secret is set. */
    public boolean isNone() {
        return keyFile == null && (secret == null || secret.isBlank());
    }

    /** The key file, when set. */
    public Optional<Path> keyFileIfSet() {
        return Optional.ofNullable(keyFile);
    }

    /** The Secret, when set and well-formed ({@link #check} reports a malformed one). */
    public Optional<SecretRef> secretRef() {
        return parseSecret(secret);
    }

    /** {@code namespace/name} as a reference, empty when blank or malformed. */
    public static Optional<SecretRef> parseSecret(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String namespace = text.substring(0, slash);
        String name = text.substring(slash + 1);
        return NAMESPACE.matcher(namespace).matches() && NAME.matcher(name).matches()
                ? Optional.of(new SecretRef(namespace, name)) : Optional.empty();
    }

    /** Adds to {@code problems} what is wrong at property path {@code at}: an unreadable key file or bad Secret. */
    public void check(String at, List<String> problems) {
        if (keyFile != null && !Files.isReadable(keyFile)) {
            problems.add(at + ".key-file " + keyFile + " is not a readable file");
        }
        if (secret != null && !secret.isBlank() && secretRef().isEmpty()) {
            problems.add(at + ".secret '" + secret + "' is not namespace/name of a Secret");
        }
    }
}
