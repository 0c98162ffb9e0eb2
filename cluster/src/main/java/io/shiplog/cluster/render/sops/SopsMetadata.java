package io.shiplog.cluster.render.sops;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code sops} object of an encrypted document: its age recipients with their encrypted data keys, the MAC
 * and the rules that chose which values were encrypted (applied in
 * sops' order).
 */
record SopsMetadata(List<AgeRecipient> age, List<String> otherKeyTypes, String lastModified, String mac,
                    String version, String unencryptedSuffix, String encryptedSuffix, Pattern unencryptedRegex,
                    Pattern encryptedRegex, boolean commentRules, boolean macOnlyEncrypted) {

    /** One age recipient and the data key encrypted for it (an armored age file). */
    record AgeRecipient(String recipient, String enc) {
    }

    /** Key types sops knows besides age, as its metadata names them. */
    private static final List<String> OTHER_KEY_TYPES = List.of("pgp", "kms", "gcp_kms", "azure_kv", "hc_vault",
            "hckms");
    private static final Pattern FRACTIONAL_SECONDS = Pattern.compile("(T\\d{2}:\\d{2}:\\d{2})\\.\\d+");

    /** Reads {@code sops} of {@code source}; a {@link SopsException} names what is malformed. */
    static SopsMetadata read(JsonObject sops, String source) {
        if (sops.has("key_groups") && !sops.get("key_groups").isJsonNull()) {
            throw malformed(source, "key groups (Shamir secret sharing) are not supported");
        }
        List<AgeRecipient> age = new ArrayList<>();
        JsonElement ageList = sops.get("age");
        if (ageList != null && !ageList.isJsonNull()) {
            if (!ageList.isJsonArray()) {
                throw malformed(source, "sops.age is not a list");
            }
            for (JsonElement entry : (JsonArray) ageList) {
                if (!entry.isJsonObject()) {
                    throw malformed(source, "an entry of sops.age is not a mapping");
                }
                String recipient = string(entry.getAsJsonObject(), "recipient", source);
                String enc = string(entry.getAsJsonObject(), "enc", source);
                if (recipient == null || enc == null) {
                    throw malformed(source, "an entry of sops.age lacks recipient or enc");
                }
                age.add(new AgeRecipient(recipient, enc));
            }
        }
        List<String> others = new ArrayList<>();
        for (String type : OTHER_KEY_TYPES) {
            JsonElement keys = sops.get(type);
            if (keys != null && keys.isJsonArray() && !keys.getAsJsonArray().isEmpty()) {
                others.add(type);
            }
        }
        String lastModified = string(sops, "lastmodified", source);
        String mac = string(sops, "mac", source);
        JsonElement macOnly = sops.get("mac_only_encrypted");
        if (macOnly != null && !(macOnly.isJsonPrimitive() && macOnly.getAsJsonPrimitive().isBoolean())) {
            throw malformed(source, "sops.mac_only_encrypted is not a boolean");
        }
        String unencryptedSuffix = string(sops, "unencrypted_suffix", source);
        String encryptedSuffix = string(sops, "encrypted_suffix", source);
        Pattern unencryptedRegex = regex(sops, "unencrypted_regex", source);
        Pattern encryptedRegex = regex(sops, "encrypted_regex", source);
        boolean commentRules = string(sops, "unencrypted_comment_regex", source) != null
                || string(sops, "encrypted_comment_regex", source) != null;
        if (unencryptedSuffix == null && encryptedSuffix == null && unencryptedRegex == null
                && encryptedRegex == null && !commentRules) {
            unencryptedSuffix = "_unencrypted";
        }
        return new SopsMetadata(List.copyOf(age), List.copyOf(others),
                lastModified == null ? null : FRACTIONAL_SECONDS.matcher(lastModified).replaceFirst("$1"), mac, string(sops, "version", source),
                unencryptedSuffix, encryptedSuffix, unencryptedRegex, encryptedRegex, commentRules,
                macOnly != null && macOnly.getAsBoolean());
    }

    /**
     * Whether sops encrypted the value at {@code path} (its keys), by the file's rule; with a comment rule (comments
     * are not in the parsed object) by whether {@code value} is in sops' encrypted format.
     */
    boolean encrypted(List<String> path, String value) {
        if (commentRules) {
            return value != null && SopsValue.looksEncrypted(value);
        }
        boolean encrypted = true;
        if (unencryptedSuffix != null && path.stream().anyMatch(k -> k.endsWith(unencryptedSuffix))) {
            encrypted = false;
        }
        if (encryptedSuffix != null) {
            encrypted = path.stream().anyMatch(k -> k.endsWith(encryptedSuffix));
        }
        if (unencryptedRegex != null && path.stream().anyMatch(k -> unencryptedRegex.matcher(k).find())) {
            encrypted = false;
        }
        if (encryptedRegex != null) {
            encrypted = path.stream().anyMatch(k -> encryptedRegex.matcher(k).find());
        }
        return encrypted;
    }

    private static String string(JsonObject object, String field, String source) {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive()) {
            throw malformed(source, "sops." + field + " is not a scalar");
        }
        return value.getAsString();
    }

    private static Pattern regex(JsonObject sops, String field, String source) {
        String text = string(sops, field, source);
        if (text == null) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw malformed(source, "sops." + field + " is not a regular expression");
        }
    }

    static SopsException malformed(String source, String what) {
        return new SopsException(source, "malformed sops metadata in " + source + ": " + what);
    }
}
