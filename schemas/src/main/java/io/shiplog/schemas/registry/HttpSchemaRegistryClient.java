package io.shiplog.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * id to schema are cached (Caffeine, bounded by {@link RegistryConfig#cacheCapacity()}), so a steady producer or
 * consumer makes no HTTP calls; a subject's latest version is cached for {@link RegistryConfig#latestCacheTtl()}.
 * No request is made while a cache entry is computed: a miss asks the registry, then stores the answer.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);

    private final RegistryConfig config;
    private final RegistryTransport transport;
    private final Cache<String, Cache<Schema, Integer>> idsBySubject;
    private final Cache<Integer, Schema> schemasById;
    /** Null when the latest version is never cached (a time to live of zero). */
    private final Cache<String, RegisteredSchema> latestBySubject;

    public HttpSchemaRegistryClient(RegistryConfig config) {
        this(config, System::nanoTime);
    }

    HttpSchemaRegistryClient(RegistryConfig config, LongSupplier nanoClock) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = new RegistryTransport(config);
        this.idsBySubject = bounded().build();
        this.schemasById = bounded().build();
        Duration ttl = config.latestCacheTtl();
        this.latestBySubject = ttl.isZero() ? null : ttl.isNegative() ? bounded().build()
                : bounded().expireAfterWrite(ttl).ticker(nanoClock::getAsLong).build();
    }

    /** A client configured from Confluent's keys ({@code schema.registry.url}, {@code basic.auth.user.info}, …). */
    public static HttpSchemaRegistryClient fromConfigs(Map<String, ?> configs) {
        return new HttpSchemaRegistryClient(RegistryConfig.from(configs));
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = subjectIds(subject).getIfPresent(schema);
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
        Integer cached = subjectIds(subject).getIfPresent(schema);
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
        RegisteredSchema cached = latestBySubject == null ? null : latestBySubject.getIfPresent(subject);
        if (cached != null) {
            return cached;
        }
        String request = "GET /subjects/" + subject + "/versions/latest";
        JsonNode answer = transport.send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        int id = intField(answer, "id", request);
        Schema schema = schemaField(answer, request);
        RegisteredSchema latest = new RegisteredSchema(subject, id,
                answer.path("version").asInt(0), schema);
        remember(subject, schema, id);
        if (latestBySubject != null) {
            latestBySubject.put(subject, latest);
        }
        return latest;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.getIfPresent(id);
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

    private Caffeine<Object, Object> bounded() {
        return Caffeine.newBuilder().maximumSize(config.cacheCapacity());
    }

    private Cache<Schema, Integer> subjectIds(String subject) {
        return idsBySubject.get(subject, s -> bounded().build());
    }

    private void remember(String subject, Schema schema, int id) {
        subjectIds(subject).put(schema, id);
        schemasById.asMap().putIfAbsent(id, schema);
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
}
