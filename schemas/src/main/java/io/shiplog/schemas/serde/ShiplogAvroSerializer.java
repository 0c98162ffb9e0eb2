package io.shiplog.schemas.serde;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shiplog.schemas.registry.HttpSchemaRegistryClient;
import io.shiplog.schemas.registry.RegisteredSchema;
import io.shiplog.schemas.registry.RegistryException;
import io.shiplog.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing Avro in Confluent's wire format (magic byte 0, 4-byte schema id, Avro binary), configured
 * with Confluent's keys ({@code schema.registry.url}, {@code auto.register.schemas}, {@code use.latest.version},
 * {@code value.subject.name.strategy}, …). Null stays null (tombstones). Every failure is a
 * {@link SerializationException} naming the topic.
 */
public class ShiplogAvroSerializer implements Serializer<Object> {

    private static final int WRITER_CACHE_CAPACITY = 1000;

    private final SchemaRegistryClient providedClient;
    private SchemaRegistryClient client;
    private AvroSerdeConfig config;
    private boolean isKey;
    private final Cache<WriterKey, DatumWriter<Object>> writers = Caffeine.newBuilder()
            .maximumSize(WRITER_CACHE_CAPACITY).build();

    /** For Kafka's configuration by class name: the registry client is built from the configuration. */
    public ShiplogAvroSerializer() {
        this.providedClient = null;
    }

    /** With a client shared with other serdes; {@code schema.registry.url} is then not needed. */
    public ShiplogAvroSerializer(SchemaRegistryClient client) {
        this.providedClient = client;
    }

    /** Ready to use: {@code client} plus serde settings, as a value serializer. */
    public ShiplogAvroSerializer(SchemaRegistryClient client, Map<String, ?> configs) {
        this(client);
        configure(configs, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.from(configs);
        this.client = providedClient != null ? providedClient : HttpSchemaRegistryClient.fromConfigs(configs);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new SerializationException("Avro serializer for topic " + topic + " is not configured");
        }
        Schema schema;
        String subject;
        try {
            schema = AvroDatum.schemaOf(data);
            subject = config.strategy(isKey).subjectName(topic, isKey, schema);
        } catch (IllegalArgumentException e) {
            throw failure(topic, e.getMessage(), e);
        }
        boolean specific = AvroDatum.isSpecific(data);
        if (!config.autoRegister() && config.useLatestVersion()) {
            return serializeWithLatest(topic, subject, data, schema, specific);
        }
        int id = schemaId(topic, subject, schema);
        return frame(topic, id, data, schema, writer(schema, specific));
    }

    private int schemaId(String topic, String subject, Schema schema) {
        try {
            return config.autoRegister() ? client.register(subject, schema) : client.idOf(subject, schema);
        } catch (RegistryException e) {
            if (!config.autoRegister() && e.isNotFound()) {
                throw failure(topic, "schema " + schema.getFullName() + " is not registered under subject "
                        + subject + " at " + client.describe() + " and auto.register.schemas is false ("
                        + e.getMessage() + ")", e);
            }
            String action = config.autoRegister() ? "register" : "look up";
            throw failure(topic, "cannot " + action + " schema " + schema.getFullName() + " under subject "
                    + subject + ": " + e.getMessage(), e);
        }
    }

    private byte[] serializeWithLatest(String topic, String subject, Object data, Schema schema, boolean specific) {
        RegisteredSchema latest;
        try {
            latest = client.latest(subject);
        } catch (RegistryException e) {
            throw failure(topic, "cannot fetch the latest schema of subject " + subject + ": " + e.getMessage(), e);
        }
        Schema target = latest.schema();
        if (sameParsingForm(schema, target)) {
            return frame(topic, latest.id(), data, schema, writer(schema, specific));
        }
        SchemaPairCompatibility fit = SchemaCompatibility.checkReaderWriterCompatibility(target, schema);
        if (fit.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw failure(topic, "datum of schema " + schema.getFullName() + " does not fit the latest schema of "
                    + "subject " + subject + " (id " + latest.id() + ", version " + latest.version() + "): "
                    + fit.getDescription(), null);
        }
        Object resolved;
        try {
            resolved = AvroDatum.resolve(data, writer(schema, specific), schema, target);
        } catch (IOException | RuntimeException e) {
            throw failure(topic, "datum does not match its schema " + schema.getFullName() + ": " + describe(e), e);
        }
        return frame(topic, latest.id(), resolved, target, writer(target, false));
    }

    private byte[] frame(String topic, int id, Object data, Schema schema, DatumWriter<Object> writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        WireFormat.writeHeader(id, out);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(AvroDatum.toAvro(data), encoder);
            encoder.flush();
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            throw failure(topic, "datum does not match its schema " + schema.getFullName() + " (id " + id + "): "
                    + describe(e), e);
        }
        return out.toByteArray();
    }

    private DatumWriter<Object> writer(Schema schema, boolean specific) {
        return writers.get(new WriterKey(schema, specific), key -> AvroDatum.writer(schema, specific));
    }

    private static boolean sameParsingForm(Schema a, Schema b) {
        return a.equals(b)
                || SchemaNormalization.parsingFingerprint64(a) == SchemaNormalization.parsingFingerprint64(b);
    }

    private SerializationException failure(String topic, String reason, Throwable cause) {
        String part = isKey ? "key" : "value";
        return new SerializationException("cannot serialize the " + part + " for topic " + topic + ": " + reason,
                cause);
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
    }

    private record WriterKey(Schema schema, boolean specific) {
    }
}
