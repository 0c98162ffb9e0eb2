package io.shiplog.schemas.serde;

import io.shiplog.schemas.registry.HttpSchemaRegistryClient;
import io.shiplog.schemas.registry.RegistryException;
import io.shiplog.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for Avro in Confluent's wire format. Writer schemas are fetched by id and cached. With
 * {@code specific.avro.reader=true} records come back as their generated classes (resolved from the writer's
 * schema to the class's), otherwise as GenericRecord; strings as String and bytes as byte[].
 * Null stays null. Every failure is a {@link SerializationException} naming the topic and the cause.
 */
public class ShiplogAvroDeserializer implements Deserializer<Object> {

    private final SchemaRegistryClient providedClient;
    private SchemaRegistryClient client;
    private DatumReaders readers;
    private boolean isKey;

    /** Consumer settings for values read as their generated classes, with schemas from {@code registryUrl}. */
    public static Map<String, Object> specificReaderConfig(String registryUrl) {
        return Map.of("value.deserializer", ShiplogAvroDeserializer.class.getName(),
                "schema.registry.url", registryUrl, AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
    }

    /** For Kafka's configuration by class name: the registry client is built from the configuration. */
    public ShiplogAvroDeserializer() {
        this.providedClient = null;
    }

    /** With a client shared with other serdes; {@code schema.registry.url} is then not needed. */
    public ShiplogAvroDeserializer(SchemaRegistryClient client) {
        this.providedClient = client;
    }

    /** Ready to use: {@code client} plus serde settings, as a value deserializer. */
    public ShiplogAvroDeserializer(SchemaRegistryClient client, Map<String, ?> configs) {
        this(client);
        configure(configs, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        this.client = providedClient != null ? providedClient : HttpSchemaRegistryClient.fromConfigs(configs);
        this.readers = new DatumReaders(config.specificReader());
        this.isKey = isKey;
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new SerializationException("Avro deserializer for topic " + topic + " is not configured");
        }
        int id;
        try {
            id = WireFormat.schemaId(data);
        } catch (IllegalArgumentException e) {
            throw failure(topic, e.getMessage(), e);
        }
        Schema writer = writerSchema(topic, id);
        DatumReader<Object> reader;
        try {
            reader = readers.readerFor(id, writer);
        } catch (IllegalArgumentException e) {
            throw failure(topic, e.getMessage(), e);
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH, null);
            Object value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("bytes are left over after the datum");
            }
            return AvroDatum.fromAvro(value);
        } catch (IOException | RuntimeException e) {
            throw failure(topic, "Avro data of " + (data.length - WireFormat.HEADER_LENGTH) + " bytes does not "
                    + "match writer schema " + writer.getFullName() + " (id " + id + "): " + describe(e), e);
        }
    }

    @Override
    public Object deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    private Schema writerSchema(String topic, int id) {
        try {
            return client.schemaById(id);
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                throw failure(topic, "unknown schema id " + id + " at " + client.describe() + " ("
                        + e.getMessage() + ")", e);
            }
            throw failure(topic, "cannot fetch writer schema id " + id + ": " + e.getMessage(), e);
        }
    }

    private SerializationException failure(String topic, String reason, Throwable cause) {
        String part = isKey ? "key" : "value";
        return new SerializationException("cannot deserialize the " + part + " of topic " + topic + ": " + reason,
                cause);
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
    }
}
