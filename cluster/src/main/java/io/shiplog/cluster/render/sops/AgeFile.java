package io.shiplog.cluster.render.sops;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts an age file (C2SP age v1, ASCII-armored or binary) with X25519 identities: finds the stanza one of them
 * unwraps, checks the header MAC and decrypts the STREAM payload in 64 KiB chunks. Messages never quote content.
 */
final class AgeFile {

    private static final String VERSION_LINE = "age-encryption.org/v1";
    private static final String ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
    private static final String ARMOR_END = "-----END AGE ENCRYPTED FILE-----";
    private static final int CHUNK = 64 * 1024;
    private static final int TAG = 16;
    private static final int MAX_FILE_BYTES = 1024 * 1024;

    /** One recipient stanza: its type, arguments and body. */
    record Stanza(String type, List<String> arguments, byte[] body) {
    }

    private AgeFile() {
    }

    /** The plaintext, or empty when no identity unwraps any stanza; a malformed file throws. */
    static Optional<byte[]> decrypt(String text, List<X25519Identity> identities) {
        return decrypt(text.strip().startsWith(ARMOR_BEGIN) ? dearmor(text)
                : text.getBytes(StandardCharsets.ISO_8859_1), identities);
    }

    /** The plaintext of the binary age {@code file}, or empty when no identity unwraps any stanza. */
    static Optional<byte[]> decrypt(byte[] file, List<X25519Identity> identities) {
        if (file.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("age file larger than " + MAX_FILE_BYTES + " bytes");
        }
        int position = 0;
        List<Stanza> stanzas = new ArrayList<>();
        String first = line(file, position);
        if (!VERSION_LINE.equals(first)) {
            throw new IllegalArgumentException("not an age v1 file");
        }
        position += first.length() + 1;
        String macLine;
        while (true) {
            String line = line(file, position);
            position += line.length() + 1;
            if (line.startsWith("--- ")) {
                macLine = line;
                break;
            }
            if (!line.startsWith("-> ")) {
                throw new IllegalArgumentException("malformed age header");
            }
            List<String> parts = List.of(line.substring(3).split(" ", -1));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String bodyLine = line(file, position);
                position += bodyLine.length() + 1;
                byte[] decoded = unpadded(bodyLine);
                body.writeBytes(decoded);
                if (bodyLine.length() < 64) {
                    break;
                }
            }
            stanzas.add(new Stanza(parts.get(0), parts.subList(1, parts.size()), body.toByteArray()));
        }
        int headerEnd = position - macLine.length() - 1 + 3;
        byte[] headerMac = unpadded(macLine.substring(4));
        for (Stanza stanza : stanzas) {
            if ("scrypt".equals(stanza.type()) && stanzas.size() > 1) {
                throw new IllegalArgumentException("an scrypt stanza must be alone");
            }
        }
        for (Stanza stanza : stanzas) {
            if (!"X25519".equals(stanza.type()) || stanza.arguments().size() != 1) {
                continue;
            }
            byte[] share = unpadded(stanza.arguments().get(0));
            for (X25519Identity identity : identities) {
                Optional<byte[]> fileKey = identity.unwrap(share, stanza.body());
                if (fileKey.isPresent()) {
                    try {
                        return Optional.of(open(file, headerEnd, headerMac, position, fileKey.get()));
                    } finally {
                        Arrays.fill(fileKey.get(), (byte) 0);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The types of the file's stanzas (to say what a file was encrypted for). */
    static List<String> stanzaTypes(String text) {
        byte[] file = text.strip().startsWith(ARMOR_BEGIN) ? dearmor(text)
                : text.getBytes(StandardCharsets.ISO_8859_1);
        List<String> types = new ArrayList<>();
        int position = 0;
        while (position < file.length) {
            String line = line(file, position);
            position += line.length() + 1;
            if (line.startsWith("--- ")) {
                break;
            }
            if (line.startsWith("-> ")) {
                types.add(line.substring(3).split(" ", -1)[0]);
            }
        }
        return types;
    }

    private static byte[] open(byte[] file, int headerEnd, byte[] headerMac, int payloadStart, byte[] fileKey) {
        byte[] macKey = Hkdf.sha256(fileKey, new byte[0], "header", 32);
        byte[] expected = Hkdf.hmacSha256(macKey, file, headerEnd);
        if (!MessageDigest.isEqual(expected, headerMac)) {
            throw new IllegalArgumentException("the age header MAC does not match (the file was altered)");
        }
        if (file.length < payloadStart + 16) {
            throw new IllegalArgumentException("the age payload has no nonce");
        }
        byte[] nonce = Arrays.copyOfRange(file, payloadStart, payloadStart + 16);
        byte[] payloadKey = Hkdf.sha256(fileKey, nonce, "payload", 32);
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        int position = payloadStart + 16;
        long counter = 0;
        try {
            Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
            SecretKeySpec key = new SecretKeySpec(payloadKey, "ChaCha20");
            while (true) {
                int length = Math.min(CHUNK + TAG, file.length - position);
                boolean last = position + length == file.length;
                if (length < TAG) {
                    throw new IllegalArgumentException("truncated age payload");
                }
                byte[] chunkNonce = new byte[12];
                for (int i = 0; i < 8; i++) {
                    chunkNonce[10 - i] = (byte) (counter >>> (8 * i));
                }
                chunkNonce[11] = (byte) (last ? 1 : 0);
                cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(chunkNonce));
                byte[] chunk = cipher.doFinal(file, position, length);
                if (chunk.length == 0 && counter > 0) {
                    throw new IllegalArgumentException("empty final age chunk");
                }
                plaintext.writeBytes(chunk);
                position += length;
                counter++;
                if (last) {
                    return plaintext.toByteArray();
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the age payload does not decrypt (the file was altered)");
        } finally {
            Arrays.fill(payloadKey, (byte) 0);
        }
    }

    private static String line(byte[] file, int from) {
        for (int i = from; i < file.length; i++) {
            if (file[i] == '\n') {
                return new String(file, from, i - from, StandardCharsets.ISO_8859_1);
            }
        }
        throw new IllegalArgumentException("truncated age header");
    }

    private static byte[] unpadded(String text) {
        if (text.indexOf('=') >= 0) {
            throw new IllegalArgumentException("padded base64 in the age header");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid base64 in the age header");
        }
    }

    private static byte[] dearmor(String text) {
        String stripped = text.strip();
        if (!stripped.endsWith(ARMOR_END)) {
            throw new IllegalArgumentException("age armor has no end line");
        }
        String body = stripped.substring(ARMOR_BEGIN.length(), stripped.length() - ARMOR_END.length());
        try {
            return Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid base64 in the age armor");
        }
    }
}
