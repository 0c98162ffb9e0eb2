package io.shiplog.cluster.render.sops;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** One age X25519 identity: unwraps the file key of an {@code X25519} stanza addressed to its recipient. */
final class X25519Identity {

    private static final String WRAP_LABEL = "age-encryption.org/v1/X25519";
    private static final byte[] BASE_POINT = basePoint();

    private final PrivateKey key;
    private final byte[] publicKey;
    private final String recipient;

    X25519Identity(byte[] scalar) {
        if (scalar.length != 32) {
            throw new IllegalArgumentException("an X25519 secret key has 32 bytes");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("XDH");
            this.key = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X25519 secret key");
        }
        this.publicKey = agree(BASE_POINT).orElseThrow(() -> new IllegalArgumentException("not an X25519 key"));
        this.recipient = Bech32.encode("age", publicKey);
    }

    /** Its public recipient, {@code age1…}. */
    String recipient() {
        return recipient;
    }

    /** The file key of a stanza {@code -> X25519 share} with {@code body}, if it was wrapped for this identity. */
    Optional<byte[]> unwrap(byte[] share, byte[] body) {
        if (share.length != 32 || body.length != 32) {
            return Optional.empty();
        }
        Optional<byte[]> shared = agree(share);
        if (shared.isEmpty()) {
            return Optional.empty();
        }
        byte[] salt = new byte[64];
        System.arraycopy(share, 0, salt, 0, 32);
        System.arraycopy(publicKey, 0, salt, 32, 32);
        byte[] wrapKey = Hkdf.sha256(shared.get(), salt, WRAP_LABEL, 32);
        try {
            Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(wrapKey, "ChaCha20"), new IvParameterSpec(new byte[12]));
            return Optional.of(cipher.doFinal(body));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        } finally {
            Arrays.fill(wrapKey, (byte) 0);
        }
    }

    /** X25519(secret, point), empty for an invalid point or the all-zero result. */
    private Optional<byte[]> agree(byte[] point) {
        try {
            byte[] littleEndian = point.clone();
            littleEndian[31] &= 0x7f;
            byte[] bigEndian = new byte[32];
            for (int i = 0; i < 32; i++) {
                bigEndian[i] = littleEndian[31 - i];
            }
            PublicKey peer = KeyFactory.getInstance("XDH").generatePublic(
                    new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(key);
            agreement.doPhase(peer, true);
            byte[] secret = agreement.generateSecret();
            boolean zero = true;
            for (byte b : secret) {
                zero &= b == 0;
            }
            return zero ? Optional.empty() : Optional.of(secret);
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] basePoint() {
        byte[] point = new byte[32];
        point[0] = 9;
        return point;
    }

    @Override
    public String toString() {
        return "X25519 identity for " + recipient;
    }
}
