package io.shiplog.local.kube;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** PEM encoding of the key material the API server is given, and trust in the certificates it makes. */
final class Pem {

    private Pem() {
    }

    /** A fresh 2048-bit RSA key pair for signing service account tokens. */
    static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate RSA keys", e);
        }
    }

    /** The private key as PKCS#8 PEM ({@code PRIVATE KEY}). */
    static String privateKey(KeyPair keys) {
        return encode("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    /** The public key as X.509 SubjectPublicKeyInfo PEM ({@code PUBLIC KEY}). */
    static String publicKey(KeyPair keys) {
        return encode("PUBLIC KEY", keys.getPublic().getEncoded());
    }

    /** An SSL context that trusts exactly the certificates in {@code pem}. */
    static SSLContext trusting(String pem) throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates(pem)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot build a trust store", e);
        }
    }

    /** The certificates in a PEM bundle; fails when there is none. */
    static Collection<? extends Certificate> certificates(String pem) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the PEM text");
        }
        return certificates;
    }

    private static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
