package io.shiplog.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/**
 * TLS towards the registry from Confluent's {@code schema.registry.ssl.*} keys, on the JDK's own TLS.
 * Without a trust store or key store the JDK defaults apply.
 */
public final class RegistryTls {

    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";
    public static final String PROTOCOL = "schema.registry.ssl.protocol";

    private RegistryTls() {
    }

    /** An SSL context when a trust store or key store is configured; empty for the JDK defaults. */
    public static Optional<SSLContext> sslContext(Map<String, ?> configs) {
        Optional<String> trustLocation = ConfigValues.string(configs, TRUSTSTORE_LOCATION);
        Optional<String> keyLocation = ConfigValues.string(configs, KEYSTORE_LOCATION);
        if (trustLocation.isEmpty() && keyLocation.isEmpty()) {
            return Optional.empty();
        }
        TrustManager[] trustManagers = null;
        if (trustLocation.isPresent()) {
            KeyStore store = load(configs, TRUSTSTORE_LOCATION, trustLocation.get(), TRUSTSTORE_TYPE, TRUSTSTORE_PASSWORD);
            trustManagers = trustManagers(store);
        }
        KeyManager[] keyManagers = null;
        if (keyLocation.isPresent()) {
            KeyStore store = load(configs, KEYSTORE_LOCATION, keyLocation.get(), KEYSTORE_TYPE, KEYSTORE_PASSWORD);
            char[] keyPassword = ConfigValues.firstString(configs, KEY_PASSWORD, KEYSTORE_PASSWORD)
                    .map(String::toCharArray).orElse(new char[0]);
            keyManagers = keyManagers(store, keyPassword);
        }
        String protocol = ConfigValues.string(configs, PROTOCOL).orElse("TLS");
        try {
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(keyManagers, trustManagers, null);
            return Optional.of(context);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(PROTOCOL, protocol, "cannot create a TLS context: " + e.getMessage());
        }
    }

    private static KeyStore load(Map<String, ?> configs, String locationKey, String location, String typeKey,
                                 String passwordKey) {
        String type = ConfigValues.string(configs, typeKey).orElse(KeyStore.getDefaultType());
        char[] password = ConfigValues.string(configs, passwordKey).map(String::toCharArray).orElse(null);
        Path path = Path.of(location);
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(locationKey, location,
                    "cannot load it as a " + type + " store: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static TrustManager[] trustManagers(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new ConfigException(TRUSTSTORE_LOCATION + " cannot be used as a trust store: " + e.getMessage());
        }
    }

    private static KeyManager[] keyManagers(KeyStore store, char[] keyPassword) {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, keyPassword);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new ConfigException(KEYSTORE_LOCATION + " cannot be used as a key store (check "
                    + KEY_PASSWORD + "): " + e.getMessage());
        }
    }
}
