package io.shiplog.applier.reconcile;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.shiplog.cluster.manifest.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes a Secret's values from messages (the API server may quote an invalid value back): every value of
 * {@code data} and {@code stringData}, decoded and encoded, and whatever a message shows as an invalid value.
 */
public final class SecretRedactor {

    static final String MASK = "***";
    private static final Pattern INVALID_VALUE = Pattern.compile("(Invalid value: )(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");
    private static final Pattern UNSTRUCTURED_VALUE = Pattern.compile("(Value:)[^}]*");

    private SecretRedactor() {
    }

    /** {@code message} with the values of {@code manifest} masked when it is a Secret; unchanged otherwise. */
    public static String redact(String message, Manifest manifest) {
        if (message == null || manifest == null || !manifest.isSecret()) {
            return message;
        }
        String redacted = message;
        Set<String> values = values(manifest.body());
        for (String value : values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            redacted = redacted.replace(value, MASK);
        }
        redacted = INVALID_VALUE.matcher(redacted).replaceAll("$1" + MASK);
        return UNSTRUCTURED_VALUE.matcher(redacted).replaceAll("$1" + MASK);
    }

    private static Set<String> values(JsonObject body) {
        Set<String> values = new LinkedHashSet<>();
        for (String field : new String[] {"data", "stringData"}) {
            JsonElement section = body.get(field);
            if (section == null || !section.isJsonObject()) {
                continue;
            }
            for (Map.Entry<String, JsonElement> entry : section.getAsJsonObject().entrySet()) {
                if (!entry.getValue().isJsonPrimitive()) {
                    continue;
                }
                String value = entry.getValue().getAsString();
                add(values, value);
                add(values, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
                try {
                    add(values, new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException notBase64) {
                    // only the value as written
                }
            }
        }
        return values;
    }

    private static void add(Set<String> values, String value) {
        if (value.length() >= 3) {
            values.add(value);
            values.add(value.replace("\"", "\\\""));
        }
    }
}
