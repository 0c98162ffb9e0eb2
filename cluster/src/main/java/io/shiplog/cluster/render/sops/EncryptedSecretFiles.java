package io.shiplog.cluster.render.sops;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import io.shiplog.cluster.manifest.GuardedYaml;
import io.shiplog.cluster.manifest.ManifestParser;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Secret {@code data} entries that hold a whole sops-encrypted file, as a kustomize {@code secretGenerator} puts
 * them (Flux decrypts these too): a YAML or JSON file, or a binary one (sops' {@code {"data": …}} wrapping). The file
 * is intact inside the entry, so its MAC is checked; it is written back by the entry's name: {@code .json} as JSON,
 * {@code .yaml}/{@code .yml} as YAML, anything else as the binary file's bytes.
 */
final class EncryptedSecretFiles {

    private static final Gson JSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Gson PLAIN = new Gson();
    private static final Pattern JSON_MARKER = Pattern.compile("\"mac\"\\s*:\\s*\"ENC\\[");
    private static final Pattern YAML_MARKER = Pattern.compile("(?m)^\\s*mac:\\s*ENC\\[");
    private static final String ENV_MAC = "sops_mac";
    private static final Pattern ENV_AGE = Pattern.compile("sops_age__list_(\\d+)__map_(enc|recipient)");
    private static final Pattern OTHER_MARKER = Pattern.compile("(?m)^sops_mac=ENC\\[|^\\[sops]");

    private EncryptedSecretFiles() {
    }

    /** {@code secret} with each sops-encrypted file in its {@code data} decrypted, or itself when it has none. */
    static JsonObject decrypt(JsonObject secret, AgeIdentities identities, String source) {
        JsonElement data = secret.get("data");
        if (!"Secret".equals(string(secret, "kind")) || !"v1".equals(string(secret, "apiVersion"))
                || data == null || !data.isJsonObject()) {
            return secret;
        }
        if (data.getAsJsonObject().has(ENV_MAC)) {
            secret = decryptEnv(secret, identities, source);
            data = secret.get("data");
        }
        SopsDecryptor strict = new SopsDecryptor(identities);
        JsonObject out = null;
        for (Map.Entry<String, JsonElement> entry : data.getAsJsonObject().entrySet()) {
            JsonElement value = entry.getValue();
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                continue;
            }
            String text;
            try {
                text = new String(Base64.getMimeDecoder().decode(value.getAsString()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                continue;
            }
            String where = "Secret data key " + entry.getKey() + " of " + source;
            byte[] plain;
            if (JSON_MARKER.matcher(text).find() && text.stripLeading().startsWith("{")) {
                plain = write(entry.getKey(), strict.decryptFile(List.of(json(text, where)), where), where);
            } else if (YAML_MARKER.matcher(text).find()) {
                plain = write(entry.getKey(), strict.decryptFile(yaml(text, where), where), where);
            } else if (OTHER_MARKER.matcher(text).find()) {
                throw new SopsException(source, where + " holds a sops dotenv or ini file; Shiplog decrypts YAML, "
                        + "JSON and binary files");
            } else {
                continue;
            }
            if (out == null) {
                out = secret.deepCopy();
            }
            out.getAsJsonObject("data").addProperty(entry.getKey(), Base64.getEncoder().encodeToString(plain));
        }
        return out == null ? secret : out;
    }

    /**
     * The Secret a {@code secretGenerator} made of a sops-encrypted dotenv file ({@code envs}): one data key per
     * line, the metadata flattened into {@code sops_*} keys. Kustomize sorted the keys, so the file's MAC cannot be
     * checked; each value is authenticated with its key. Values are written as the dotenv file held them (a newline
     * as a backslash and {@code n}), as Flux's decryption before the build gives them.
     */
    private static JsonObject decryptEnv(JsonObject secret, AgeIdentities identities, String source) {
        String where = "the sops dotenv data of " + source;
        JsonObject data = secret.getAsJsonObject("data");
        JsonObject document = new JsonObject();
        JsonObject sops = new JsonObject();
        Map<Integer, JsonObject> age = new TreeMap<>();
        for (Map.Entry<String, JsonElement> entry : data.entrySet()) {
            String value;
            try {
                value = new String(Base64.getMimeDecoder().decode(entry.getValue().getAsString()),
                        StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                throw new SopsException(source, where + ": key " + entry.getKey() + " is not base64");
            }
            Matcher recipient = ENV_AGE.matcher(entry.getKey());
            if (recipient.matches()) {
                age.computeIfAbsent(Integer.parseInt(recipient.group(1)), i -> new JsonObject())
                        .addProperty(recipient.group(2), value.replace("\\n", "\n"));
            } else if (entry.getKey().startsWith("sops_")) {
                String field = entry.getKey().substring(5);
                int list = field.indexOf("__list_");
                if (list >= 0) {
                    JsonObject other = new JsonObject();
                    other.addProperty("present", true);
                    JsonArray keys = new JsonArray();
                    keys.add(other);
                    sops.add(field.substring(0, list), keys);
                } else if (field.equals("mac_only_encrypted")) {
                    sops.addProperty(field, Boolean.parseBoolean(value));
                } else {
                    sops.addProperty(field, value);
                }
            } else {
                document.addProperty(entry.getKey(), value);
            }
        }
        JsonArray recipients = new JsonArray();
        age.values().forEach(recipients::add);
        sops.add("age", recipients);
        document.add("sops", sops);
        JsonObject plain = SopsDecryptor.forRenderedObjects(identities).decryptFile(List.of(document), where).get(0);
        JsonObject out = secret.deepCopy();
        JsonObject outData = new JsonObject();
        for (Map.Entry<String, JsonElement> entry : plain.entrySet()) {
            outData.addProperty(entry.getKey(), Base64.getEncoder().encodeToString(
                    entry.getValue().getAsString().replace("\n", "\\n").getBytes(StandardCharsets.UTF_8)));
        }
        out.add("data", outData);
        return out;
    }

    private static byte[] write(String key, List<JsonObject> documents, String where) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            if (documents.size() != 1) {
                throw new SopsException(where, where + " holds several documents, which JSON cannot");
            }
            return (JSON.toJson(documents.get(0)) + "\n").getBytes(StandardCharsets.UTF_8);
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setIndent(4);
            options.setIndicatorIndent(2);
            options.setIndentWithIndicator(true);
            Yaml yaml = new Yaml(new Representer(options), options);
            List<Object> plain = new ArrayList<>();
            for (JsonObject document : documents) {
                plain.add(java(document));
            }
            return yaml.dumpAll(plain.iterator()).getBytes(StandardCharsets.UTF_8);
        }
        JsonElement data = documents.size() == 1 ? documents.get(0).get("data") : null;
        if (data == null || !data.isJsonPrimitive() || !((JsonPrimitive) data).isString()) {
            throw new SopsException(where, where + " is not a sops binary file (no data value) and its name says "
                    + "neither .json nor .yaml");
        }
        return data.getAsString().getBytes(StandardCharsets.UTF_8);
    }

    /** The plain Java value of {@code element}, numbers as they were read (an integer stays one). */
    private static Object java(JsonElement element) {
        if (element.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            element.getAsJsonObject().entrySet().forEach(e -> map.put(e.getKey(), java(e.getValue())));
            return map;
        }
        if (element.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            element.getAsJsonArray().forEach(e -> list.add(java(e)));
            return list;
        }
        if (element.isJsonNull()) {
            return null;
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        if (primitive.isNumber()) {
            Number number = primitive.getAsNumber();
            if (number instanceof LazilyParsedNumber) {
                String text = number.toString();
                return text.matches("-?\\d+") ? new BigInteger(text) : (Object) Double.parseDouble(text);
            }
            return number;
        }
        return primitive.getAsString();
    }

    private static JsonObject json(String text, String where) {
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (parsed.isJsonObject()) {
                return parsed.getAsJsonObject();
            }
        } catch (RuntimeException e) {
            // reported below without quoting the content
        }
        throw new SopsException(where, where + " is not a JSON object");
    }

    private static List<JsonObject> yaml(String text, String where) {
        Yaml yaml = GuardedYaml.parser(ManifestParser.MAX_DOCUMENT_CODE_POINTS);
        List<JsonObject> documents = new ArrayList<>();
        try {
            for (Object document : yaml.loadAll(text)) {
                if (document instanceof Map<?, ?>) {
                    documents.add(PLAIN.toJsonTree(document).getAsJsonObject());
                } else if (document != null) {
                    throw new SopsException(where, where + " has a YAML document that is not a mapping");
                }
            }
        } catch (YAMLException | IllegalArgumentException e) {
            throw new SopsException(where, where + " is not valid YAML");
        }
        return documents;
    }

    private static String string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }
}
