package io.shiplog.local.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shiplog.local.net.LoopbackHttpServers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The token service of a registry run with {@code auth: token} (distribution's token authentication): a loopback
 * {@code GET /token?service=…&scope=repository:name:actions} that checks Basic credentials and answers with a JWT
 * signed by RS256 with a key whose self-signed certificate (in the {@code x5c} header) is the registry's
 * {@code rootcertbundle}. The user gets every action asked for; anonymous callers get {@code pull} on public
 * repositories only (a token without access elsewhere, as Docker Hub does); wrong credentials get 401.
 *
 * <p>The key pair comes from the JDK's {@code keytool}. Neither the password nor a token is ever logged or shown.
 */
public final class TokenServer implements AutoCloseable {

    /** The {@code service} the registry names in its challenges and checks as the token's audience. */
    public static final String SERVICE = "shiplog-testkit-registry";
    /** The {@code iss} the registry accepts. */
    public static final String ISSUER = "shiplog-testkit-token-server";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Path rootCertBundle;
    private final String username;
    private final byte[] passwordHash;
    private final Set<String> publicRepositories;
    private final Duration lifetime;
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicBoolean nextExpired = new AtomicBoolean();

    private TokenServer(HttpServer server, ExecutorService executor, PrivateKey key, X509Certificate certificate,
                        Path rootCertBundle, String username, String password, Set<String> publicRepositories,
                        Duration lifetime) {
        this.server = server;
        this.executor = executor;
        this.key = key;
        this.certificate = certificate;
        this.rootCertBundle = rootCertBundle;
        this.username = username;
        this.passwordHash = sha256(password);
        this.publicRepositories = Set.copyOf(publicRepositories);
        this.lifetime = lifetime;
    }

    /**
     * Starts a token server for {@code username}/{@code password}, writing its key store and the registry's
     * {@code rootcertbundle} into {@code dir} (private: the key store holds the signing key).
     */
    static TokenServer start(Path dir, String username, String password, Set<String> publicRepositories,
                             Duration lifetime) {
        String storePassword = HexFormat.of().formatHex(randomBytes(16));
        Path store = dir.resolve("token-signer.p12");
        keytool(store, storePassword);
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(store)) {
                keyStore.load(in, storePassword.toCharArray());
            }
            PrivateKey key = (PrivateKey) keyStore.getKey("token", storePassword.toCharArray());
            X509Certificate certificate = (X509Certificate) keyStore.getCertificate("token");
            Path bundle = dir.resolve("token-root.pem");
            Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");
            HttpServer server = LoopbackHttpServers.create(0, 16);
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "registry-token-server");
                thread.setDaemon(true);
                return thread;
            });
            TokenServer tokens = new TokenServer(server, executor, key, certificate, bundle, username, password,
                    publicRepositories, lifetime);
            server.createContext("/token", tokens::handle);
            server.setExecutor(executor);
            server.start();
            return tokens;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the registry token server", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the token server's key store: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:port/token}, the registry's {@code realm}. */
    public URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    Path rootCertBundle() {
        return rootCertBundle;
    }

    /** Tokens issued so far (anonymous ones included). */
    public int issued() {
        return issued.get();
    }

    /** Requests refused with 401 (wrong credentials) so far. */
    public int refused() {
        return refused.get();
    }

    /**
     * Makes the next token one that expired minutes ago while its {@code expires_in} still says 300 s: the registry
     * refuses it, as it would refuse a token a client kept too long.
     */
    public void issueExpiredTokenNext() {
        nextExpired.set(true);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "TokenServer[" + realm() + ", user " + username + ", public " + publicRepositories + "]";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "{\"details\":\"GET only\"}");
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            boolean user = false;
            if (authorization != null) {
                if (!validBasic(authorization)) {
                    refused.incrementAndGet();
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + SERVICE + "\"");
                    answer(exchange, 401, "{\"details\":\"incorrect username or password\"}");
                    return;
                }
                user = true;
            }
            List<String> scopes = new ArrayList<>();
            String service = null;
            String query = exchange.getRequestURI().getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (name.equals("scope")) {
                    scopes.addAll(List.of(value.split(" ")));
                } else if (name.equals("service")) {
                    service = value;
                }
            }
            if (!SERVICE.equals(service)) {
                answer(exchange, 400, "{\"details\":\"unknown service\"}");
                return;
            }
            String token = sign(user ? username : "", access(scopes, user));
            issued.incrementAndGet();
            ObjectNode body = JSON.createObjectNode().put("token", token).put("access_token", token)
                    .put("expires_in", lifetime.toSeconds()).put("issued_at", Instant.now().toString());
            answer(exchange, 200, JSON.writeValueAsString(body));
        }
    }

    private ArrayNode access(List<String> scopes, boolean user) {
        ArrayNode access = JSON.createArrayNode();
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length != 3 || !parts[0].equals("repository")) {
                continue;
            }
            Set<String> actions = new LinkedHashSet<>(List.of(parts[2].split(",")));
            if (!user) {
                actions.retainAll(publicRepositories.contains(parts[1]) ? Set.of("pull") : Set.of());
            }
            if (!actions.isEmpty()) {
                ObjectNode entry = access.addObject().put("type", "repository").put("name", parts[1]);
                actions.forEach(entry.putArray("actions")::add);
            }
        }
        return access;
    }

    private boolean validBasic(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon > 0 && decoded.substring(0, colon).equals(username)
                && MessageDigest.isEqual(sha256(decoded.substring(colon + 1)), passwordHash);
    }

    private String sign(String subject, ArrayNode access) throws IOException {
        Instant now = Instant.now();
        Instant notBefore = now.minusSeconds(5);
        Instant expires = now.plus(lifetime);
        if (nextExpired.getAndSet(false)) {
            notBefore = now.minus(Duration.ofMinutes(20));
            expires = now.minus(Duration.ofMinutes(10));
        }
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        try {
            header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the token server's certificate", e);
        }
        ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", subject).put("aud", SERVICE)
                .put("exp", expires.getEpochSecond()).put("nbf", notBefore.getEpochSecond())
                .put("iat", notBefore.getEpochSecond()).put("jti", HexFormat.of().formatHex(randomBytes(12)));
        claims.set("access", access);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + url.encodeToString(JSON.writeValueAsBytes(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a registry token", e);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An RSA 2048 key and a self-signed certificate valid for two days, made by the JDK's keytool. */
    private static void keytool(Path store, String storePassword) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder builder = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "token",
                "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA", "-validity", "2",
                "-dname", "CN=" + ISSUER, "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass:env", "SHIPLOG_TOKEN_STORE_PASS", "-keypass:env", "SHIPLOG_TOKEN_STORE_PASS")
                .redirectErrorStream(true);
        builder.environment().put("SHIPLOG_TOKEN_STORE_PASS", storePassword);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed with exit code " + process.exitValue() + ": "
                        + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + keytool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
