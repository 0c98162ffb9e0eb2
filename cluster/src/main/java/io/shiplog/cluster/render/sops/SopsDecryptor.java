package io.shiplog.cluster.render.sops;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.shiplog.cluster.render.ObjectDecryptor;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decrypts objects that the real {@code sops} encrypted for age recipients, in memory: finds the data key with one
 * of the {@link AgeIdentities}, decrypts every value sops encrypted (authenticated with its path), checks the MAC
 * over all values so an altered file is refused, and drops the {@code sops} metadata. An object without a
 * top-level {@code sops} mapping is returned as it is. YAML comments are not part of the parsed object: sops leaves
 * them out of the MAC, so they need not be decrypted (an encrypted comment is simply gone).
 */
public final class SopsDecryptor implements ObjectDecryptor {

    /** Sops' 32 bytes that start the hash when only encrypted values are authenticated (sha256 of "sops"). */
    private static final byte[] MAC_ONLY_ENCRYPTED_START = HexFormat.of().parseHex(
            "8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");

    private final AgeIdentities identities;
    private final boolean checkMac;

    /** Decrypts files as sops wrote them, checking their MAC: for files applied as they are in git. */
    public SopsDecryptor(AgeIdentities identities) {
        this(identities, true);
    }

    private SopsDecryptor(AgeIdentities identities, boolean checkMac) {
        this.identities = identities;
        this.checkMac = checkMac;
    }

    /**
     * Decrypts objects a renderer (kustomize) produced from sops-encrypted files, without the MAC check: the build
     * reorders keys and adds or changes plain values (namespace, labels, name prefixes), so the MAC over the file no
     * longer holds, as Flux's kustomize-controller knows. Each encrypted value is still authenticated with its path.
     * A Secret's data entries that hold a whole sops-encrypted file (a {@code secretGenerator}'s {@code files}) are
     * decrypted too, with their MAC checked.
     */
    public static SopsDecryptor forRenderedObjects(AgeIdentities identities) {
        return new SopsDecryptor(identities, false);
    }

    /** Whether {@code body} is a SOPS-encrypted document (it has a top-level {@code sops} mapping). */
    public static boolean isEncrypted(JsonObject body) {
        JsonElement sops = body.get("sops");
        return sops != null && sops.isJsonObject();
    }

    /**
     * The decrypted copy of {@code body} without its {@code sops} metadata, or {@code body} itself when it is not
     * encrypted. Only for a file of one document: sops authenticates all documents of a file with one MAC, so a
     * multi-document file goes through {@link #decryptFile}.
     *
     * @throws SopsException naming {@code source} when no key matches, the MAC does not or the metadata is malformed
     */
    @Override
    public JsonObject decrypt(JsonObject body, String source) {
        JsonObject decrypted = isEncrypted(body) ? decryptFile(List.of(body), source).get(0) : body;
        return checkMac ? decrypted : EncryptedSecretFiles.decrypt(decrypted, identities, source);
    }

    /**
     * The decrypted documents of one file {@code source}, in their order (YAML's {@code ---} documents as parsed,
     * empty ones left out), checked against the one MAC sops computed over all of them; returned as they are when
     * none is encrypted.
     *
     * @throws SopsException naming {@code source} when no key matches, the MAC does not, the documents do not share
     *                       one metadata or it is malformed
     */
    public List<JsonObject> decryptFile(List<JsonObject> documents, String source) {
        if (documents.stream().noneMatch(SopsDecryptor::isEncrypted)) {
            return documents;
        }
        JsonObject sops = null;
        for (int i = 0; i < documents.size(); i++) {
            if (!isEncrypted(documents.get(i))) {
                throw SopsMetadata.malformed(source, "document " + (i + 1) + " has no sops metadata while "
                        + "others have");
            }
            JsonObject own = documents.get(i).getAsJsonObject("sops");
            if (sops == null) {
                sops = own;
            } else if (!sops.equals(own)) {
                throw SopsMetadata.malformed(source, "document " + (i + 1) + " has other sops metadata than "
                        + "document 1");
            }
        }
        SopsMetadata metadata = SopsMetadata.read(sops, source);
        byte[] dataKey = dataKey(metadata, source);
        try {
            MessageDigest hash = sha512();
            if (metadata.macOnlyEncrypted()) {
                hash.update(MAC_ONLY_ENCRYPTED_START);
            }
            List<JsonObject> plain = new ArrayList<>();
            for (JsonObject document : documents) {
                JsonObject out = new JsonObject();
                List<String> path = new ArrayList<>();
                for (Map.Entry<String, JsonElement> entry : document.entrySet()) {
                    if (!"sops".equals(entry.getKey())) {
                        path.add(entry.getKey());
                        out.add(entry.getKey(), walk(entry.getValue(), path, metadata, dataKey, hash, source));
                        path.remove(path.size() - 1);
                    }
                }
                plain.add(out);
            }
            if (checkMac) {
                checkMac(metadata, dataKey, HexFormat.of().withUpperCase().formatHex(hash.digest()), source);
            }
            return plain;
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private JsonElement walk(JsonElement value, List<String> path, SopsMetadata metadata, byte[] dataKey,
                             MessageDigest hash, String source) {
        if (value.isJsonObject()) {
            JsonObject out = new JsonObject();
            for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
                path.add(entry.getKey());
                out.add(entry.getKey(), walk(entry.getValue(), path, metadata, dataKey, hash, source));
                path.remove(path.size() - 1);
            }
            return out;
        }
        if (value.isJsonArray()) {
            JsonArray out = new JsonArray();
            for (JsonElement item : value.getAsJsonArray()) {
                out.add(walk(item, path, metadata, dataKey, hash, source));
            }
            return out;
        }
        if (value.isJsonNull()) {
            return JsonNull.INSTANCE;
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        String text = primitive.isString() ? primitive.getAsString() : null;
        boolean encrypted = metadata.encrypted(path, text);
        if (!encrypted) {
            if (!metadata.macOnlyEncrypted()) {
                hash.update(MacInput.of(primitive));
            }
            return primitive;
        }
        if (text == null) {
            throw new SopsException(source, "the value at " + String.join(".", path) + " of " + source
                    + " should be encrypted but is a " + (primitive.isBoolean() ? "boolean" : "number"));
        }
        if (text.isEmpty()) {
            return primitive;
        }
        SopsValue sealed = SopsValue.parse(text).orElseThrow(() -> new SopsException(source, "the value at "
                + String.join(".", path) + " of " + source + " is not in sops' encrypted format"));
        byte[] plaintext = sealed.open(dataKey, String.join(":", path) + ":").orElseThrow(() -> new SopsException(
                source, "the value at " + String.join(".", path) + " of " + source + " does not decrypt: it was "
                + "altered or moved, or encrypted with another data key"));
        try {
            return typed(sealed.type(), plaintext, path, hash, source);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The JSON value of a decrypted {@code plaintext} of sops type {@code type}, hashed the way sops hashes it. */
    private static JsonPrimitive typed(String type, byte[] plaintext, List<String> path, MessageDigest hash,
                                       String source) {
        String text = new String(plaintext, StandardCharsets.UTF_8);
        try {
            switch (type) {
                case "str", "bytes" -> {
                    hash.update(plaintext);
                    return new JsonPrimitive(text);
                }
                case "int" -> {
                    BigInteger number = new BigInteger(text);
                    hash.update(number.toString().getBytes(StandardCharsets.US_ASCII));
                    return new JsonPrimitive(number.bitLength() < 64 ? (Number) number.longValue() : number);
                }
                case "float" -> {
                    double number = Double.parseDouble(text);
                    hash.update(MacInput.goFloat(number).getBytes(StandardCharsets.US_ASCII));
                    return new JsonPrimitive(number);
                }
                case "bool" -> {
                    boolean bool = parseGoBool(text);
                    hash.update(MacInput.bool(bool));
                    return new JsonPrimitive(bool);
                }
                default -> throw new SopsException(source, "the value at " + String.join(".", path) + " of "
                        + source + " has the unknown sops type " + type);
            }
        } catch (NumberFormatException e) {
            throw new SopsException(source, "the value at " + String.join(".", path) + " of " + source
                    + " does not hold a " + type);
        }
    }

    private static boolean parseGoBool(String text) {
        return switch (text) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new NumberFormatException("not a boolean");
        };
    }

    private byte[] dataKey(SopsMetadata metadata, String source) {
        if (metadata.age().isEmpty()) {
            if (metadata.otherKeyTypes().isEmpty()) {
                throw SopsMetadata.malformed(source, "no recipient (sops.age is empty)");
            }
            throw new SopsException(source, source + " is encrypted for " + String.join(", ",
                    metadata.otherKeyTypes()) + " only; Shiplog decrypts age");
        }
        for (SopsMetadata.AgeRecipient recipient : metadata.age()) {
            Optional<byte[]> key;
            try {
                key = AgeFile.decrypt(recipient.enc(), identities.identities());
            } catch (IllegalArgumentException e) {
                throw SopsMetadata.malformed(source, "the data key for " + recipient.recipient() + ": "
                        + e.getMessage());
            }
            if (key.isPresent()) {
                if (key.get().length != 32) {
                    Arrays.fill(key.get(), (byte) 0);
                    throw SopsMetadata.malformed(source, "the data key for " + recipient.recipient()
                            + " is not 32 bytes");
                }
                return key.get();
            }
        }
        String recipients = metadata.age().stream().map(SopsMetadata.AgeRecipient::recipient)
                .collect(Collectors.joining(", "));
        String also = metadata.otherKeyTypes().isEmpty() ? ""
                : " (and " + String.join(", ", metadata.otherKeyTypes()) + " keys, which Shiplog does not use)";
        throw new SopsException(source, "no identity matches any recipient of " + source + ": recipients "
                + recipients + also + "; Shiplog has keys for " + (identities.recipients().isEmpty() ? "none"
                : String.join(", ", identities.recipients())));
    }

    private static void checkMac(SopsMetadata metadata, byte[] dataKey, String computed, String source) {
        if (metadata.lastModified() == null || metadata.mac() == null) {
            throw SopsMetadata.malformed(source, "sops.lastmodified or sops.mac is missing");
        }
        SopsValue stored = SopsValue.parse(metadata.mac())
                .orElseThrow(() -> SopsMetadata.malformed(source, "sops.mac is not in sops' encrypted format"));
        byte[] expected = stored.open(dataKey, metadata.lastModified()).orElseThrow(() -> new SopsException(source,
                "MAC of " + source + " does not decrypt: sops.mac or sops.lastmodified was altered; refusing it"));
        if (!MessageDigest.isEqual(expected, computed.getBytes(StandardCharsets.US_ASCII))) {
            throw new SopsException(source, "MAC mismatch in " + source + ": the file was altered after sops "
                    + "encrypted it; refusing it");
        }
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is not available", e);
        }
    }
}
