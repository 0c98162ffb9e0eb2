package io.shiplog.cluster.render.sops;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One value as sops writes it, {@code ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]}: AES-256-GCM with a 32-byte IV,
 * authenticated with the value's path ({@code key:key:}) or, for the MAC, the last-modified time.
 */
record SopsValue(byte[] data, byte[] iv, byte[] tag, String type) {

    private static final Pattern FORMAT = Pattern.compile(
            "^ENC\\[AES256_GCM,data:([A-Za-z0-9+/=]*),iv:([A-Za-z0-9+/=]+),tag:([A-Za-z0-9+/=]+),type:([a-z]+)]$");

    /** The value in {@code text}, empty when it is not in sops' format. */
    static Optional<SopsValue> parse(String text) {
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            Base64.Decoder decoder = Base64.getDecoder();
            return Optional.of(new SopsValue(decoder.decode(matcher.group(1)), decoder.decode(matcher.group(2)),
                    decoder.decode(matcher.group(3)), matcher.group(4)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean looksEncrypted(String text) {
        return text.startsWith("ENC[AES256_GCM,") && text.endsWith("]");
    }

    /** The plaintext bytes, empty when the key or the additional data does not authenticate it. */
    Optional<byte[]> open(byte[] dataKey, String additionalData) {
        if (tag.length != 16 || iv.length == 0) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(additionalData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = new byte[data.length + tag.length];
            System.arraycopy(data, 0, sealed, 0, data.length);
            System.arraycopy(tag, 0, sealed, data.length, tag.length);
            return Optional.of(cipher.doFinal(sealed));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
