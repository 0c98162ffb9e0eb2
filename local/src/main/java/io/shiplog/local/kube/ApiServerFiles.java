package io.shiplog.local.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files a kube-apiserver starts with, in its directory: the admin token file, the service-account key pair and
 * the cert dir. Made when missing; when the directory is kept from an earlier run they are reused, so the admin
 * token, the service-account issuer keys and the serving certificate stay the same. A serving certificate that
 * expires within {@link #CERTIFICATE_MARGIN} (kube-apiserver makes them valid for a year) or cannot be read is
 * deleted, and kube-apiserver makes a new one.
 */
final class ApiServerFiles {

    static final Duration CERTIFICATE_MARGIN = Duration.ofDays(1);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SERVER = Pattern.compile("server: \"https://127\\.0\\.0\\.1:(\\d{1,5})\"");

    /**
     * What the API server is given.
     *
     * @param token      the admin bearer token (group {@code system:masters})
     * @param tokenFile  {@code --token-auth-file}
     * @param signingKey {@code --service-account-signing-key-file}
     * @param publicKey  {@code --service-account-key-file}
     * @param certDir    {@code --cert-dir}, where kube-apiserver keeps {@code apiserver.crt} and {@code .key}
     */
    record Prepared(String token, Path tokenFile, Path signingKey, Path publicKey, Path certDir) {

        @Override
        public String toString() {
            return "Prepared[token=***, tokenFile=" + tokenFile + ", certDir=" + certDir + "]";
        }
    }

    private ApiServerFiles() {
    }

    /** Makes the missing files in {@code dir} and reuses those there (all of them are new in a new directory). */
    static Prepared prepare(Path dir) {
        Path tokenFile = dir.resolve("tokens.csv");
        String token = readToken(tokenFile);
        if (token == null) {
            token = newToken();
            writePrivate(tokenFile, token + ",admin,admin-uid,\"system:masters\"\n");
        }
        Path signingKey = dir.resolve("sa.key");
        Path publicKey = dir.resolve("sa.pub");
        if (!Files.isRegularFile(signingKey) || !Files.isRegularFile(publicKey)) {
            KeyPair serviceAccountKeys = Pem.newRsaKeyPair();
            writePrivate(signingKey, Pem.privateKey(serviceAccountKeys));
            writePrivate(publicKey, Pem.publicKey(serviceAccountKeys));
        }
        Path certDir = dir.resolve("certs");
        dropExpiringCertificate(certDir, Instant.now().plus(CERTIFICATE_MARGIN));
        return new Prepared(token, tokenFile, signingKey, publicKey, certDir);
    }

    /** The port in a kubeconfig written by {@link Kubeconfig#write} for an earlier run, if there is one. */
    static OptionalInt previousPort(Path kubeconfig) {
        try {
            if (!Files.isRegularFile(kubeconfig)) {
                return OptionalInt.empty();
            }
            Matcher server = SERVER.matcher(Files.readString(kubeconfig));
            if (server.find()) {
                int port = Integer.parseInt(server.group(1));
                return port > 0 && port <= 65_535 ? OptionalInt.of(port) : OptionalInt.empty();
            }
            return OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Deletes {@code apiserver.crt} and {@code .key} when the certificate is unreadable or expires before
     * {@code by}.
     */
    static void dropExpiringCertificate(Path certDir, Instant by) {
        Path certificate = certDir.resolve("apiserver.crt");
        if (!Files.exists(certificate)) {
            return;
        }
        boolean valid;
        try {
            valid = true;
            for (Certificate each : Pem.certificates(Files.readString(certificate))) {
                if (each instanceof X509Certificate x509 && x509.getNotAfter().toInstant().isBefore(by)) {
                    valid = false;
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException unreadable) {
            valid = false;
        }
        if (!valid) {
            try {
                Files.deleteIfExists(certificate);
                Files.deleteIfExists(certDir.resolve("apiserver.key"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the expiring certificate " + certificate, e);
            }
        }
    }

    private static String readToken(Path tokenFile) {
        try {
            if (!Files.isRegularFile(tokenFile)) {
                return null;
            }
            String line = Files.readString(tokenFile).strip();
            int comma = line.indexOf(',');
            return comma > 0 && line.indexOf('\n') < 0 ? line.substring(0, comma) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Writes (or replaces) {@code file} readable by its owner only. */
    static Path writePrivate(Path file, String content) {
        try {
            Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(partial, content);
            return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
