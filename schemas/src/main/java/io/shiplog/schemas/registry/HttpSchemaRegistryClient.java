package io.shiplog.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over Confluent's REST API with the JDK HTTP client. Schema to id (per subject) and
 * id to schema are cached, so a steady producer or consumer makes no HTTP calls; a subject's latest version is
 * cached for {@link RegistryConfig#latestCacheTtl()}.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);

    private final RegistryConfig config;
    private final RegistryTransport transport;
    private final LongSupplier nanoClock;
    private final BoundedCache<String, BoundedCache<Schema, Integer>> idsBySubject;
    private final BoundedCache<Integer, Schema> schemasById;
    private final BoundedCache<String, Expiring> latestBySubject;

    public HttpSchemaRegistryClient(RegistryConfig config) {
        this(config, System::nanoTime);
    }

    HttpSchemaRegistryClient(RegistryConfig config, LongSupplier nanoClock) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = new RegistryTransport(config);
        this.nanoClock = nanoClock;
        this.idsBySubject = new BoundedCache<>(config.cacheCapacity());
        this.schemasById = new BoundedCache<>(config.cacheCapacity());
        this.latestBySubject = new BoundedCache<>(config.cacheCapacity());
    }

    /** A client configured from Confluent's keys ({@code schema.registry.url}, {@code basic.auth.user.info}, …). */
    public static HttpSchemaRegistryClient fromConfigs(Map<String, ?> configs) {
        return new HttpSchemaRegistryClient(RegistryConfig.from(configs));
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = subjectIds(subject).get(schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = transport.send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = intField(answer, "id", "POST /subjects/" + subject + "/versions");
        remember(subject, schema, id);
        LOG.info("Schema {} is id {} under subject {} at {}", schema.getFullName(), id, subject, describe());
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        Integer cached = subjectIds(subject).get(schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = transport.send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        int id = intField(answer, "id", "POST /subjects/" + subject);
        remember(subject, schema, id);
        return id;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        Expiring cached = latestBySubject.get(subject);
        long now = nanoClock.getAsLong();
        if (cached != null && (cached.expiresAtNanos == Long.MAX_VALUE || now - cached.expiresAtNanos < 0)) {
            return cached.value;
        }
        String request = "GET /subjects/" + subject + "/versions/latest";
        JsonNode answer = transport.send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        int id = intField(answer, "id", request);
        Schema schema = schemaField(answer, request);
        RegisteredSchema latest = new RegisteredSchema(subject, id,
                answer.path("version").asInt(0), schema);
        remember(subject, schema, id);
        long ttlNanos = config.latestCacheTtl().toNanos();
        if (ttlNanos != 0) {
            latestBySubject.put(subject, new Expiring(latest, ttlNanos < 0 ? Long.MAX_VALUE : now + ttlNanos));
        }
        return latest;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String request = "GET /schemas/ids/" + id;
        JsonNode answer = transport.send("GET", "/schemas/ids/" + id, null);
        Schema schema = schemaField(answer, request);
        schemasById.put(id, schema);
        return schema;
    }

    @Override
    public CompatibilityResult checkCompatibility(String subject, Schema schema) {
        String path = "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true";
        JsonNode answer = transport.send("POST", path, schemaBody(schema));
        JsonNode verdict = answer.get("is_compatible");
        if (verdict == null || !verdict.isBoolean()) {
            throw malformed("POST " + path, "is_compatible");
        }
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(message -> messages.add(message.asText()));
        return new CompatibilityResult(verdict.asBoolean(), messages);
    }

    @Override
    public String compatibility() {
        return level(transport.send("GET", "/config", null), "GET /config");
    }

    @Override
    public Optional<String> compatibility(String subject) {
        try {
            return Optional.of(level(transport.send("GET", "/config/" + encode(subject), null),
                    "GET /config/" + subject));
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void updateCompatibility(String level) {
        transport.send("PUT", "/config", levelBody(level));
    }

    @Override
    public void updateCompatibility(String subject, String level) {
        transport.send("PUT", "/config/" + encode(subject), levelBody(level));
    }

    @Override
    public String describe() {
        return config.describe();
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient[" + describe() + "]";
    }

    private BoundedCache<Schema, Integer> subjectIds(String subject) {
        return idsBySubject.getOrLoad(subject, s -> new BoundedCache<>(config.cacheCapacity()));
    }

    private void remember(String subject, Schema schema, int id) {
        subjectIds(subject).put(schema, id);
        if (schemasById.get(id) == null) {
            schemasById.put(id, schema);
        }
    }

    private ObjectNode schemaBody(Schema schema) {
        ObjectNode body = transport.json().createObjectNode();
        body.put("schema", schema.toString());
        return body;
    }

    private ObjectNode levelBody(String level) {
        ObjectNode body = transport.json().createObjectNode();
        body.put("compatibility", level);
        return body;
    }

    private Schema schemaField(JsonNode answer, String request) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new RegistryException(200, 0, "schema registry " + describe() + " answered " + request
                    + " with a " + type + " schema; only Avro is supported");
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw malformed(request, "schema");
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new RegistryException(200, 0, "schema registry " + describe() + " answered " + request
                    + " with a schema that is not valid Avro: " + e.getMessage(), e);
        }
    }

    private int intField(JsonNode answer, String field, String request) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw malformed(request, field);
        }
        return value.asInt();
    }

    private String level(JsonNode answer, String request) {
        JsonNode value = answer.has("compatibilityLevel") ? answer.get("compatibilityLevel")
                : answer.get("compatibility");
        if (value == null || !value.isTextual()) {
            throw malformed(request, "compatibilityLevel");
        }
        return value.asText();
    }

    private RegistryException malformed(String request, String field) {
        return new RegistryException(200, 0, "schema registry " + describe() + " answered " + request
                + " without the expected field '" + field + "'");
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record Expiring(RegisteredSchema value, long expiresAtNanos) {
    }
}
