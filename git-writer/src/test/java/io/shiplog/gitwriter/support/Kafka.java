package io.shiplog.gitwriter.support;

import io.shiplog.events.Command;
import io.shiplog.events.DiscoverySource;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.Meta;
import io.shiplog.events.ReleaseImage;
import io.shiplog.events.TagDiscovered;
import io.shiplog.events.TagMoved;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.image.ImageReference;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The shared broker as the scanner and an operator would use it: image events, commands, raw bad records. */
public final class Kafka {

    private static Producer<String, Object> producer;
    private static Producer<byte[], byte[]> raw;
    private static final MetaFactory META = new MetaFactory("test/registry-scanner");

    private Kafka() {
    }

    public static synchronized EventSink events() {
        if (producer == null) {
            TopicProvisioner.provisionCatalogue(KafkaBroker.shared().bootstrapServers());
            producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                    "schema.registry.url", SchemaRegistry.shared().url(),
                    "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", ShiplogAvroSerializer.class.getName(),
                    "acks", "all", "linger.ms", 5));
        }
        return EventSink.of(producer);
    }

    /** Publishes {@code TagDiscovered}; returns its event id. A null digest becomes a digest derived from the tag. */
    public static String tagDiscovered(String repository, String tag, String digest, Instant createdAt) {
        ImageReference ref = ImageReference.parse(repository);
        Meta meta = META.root();
        TagDiscovered payload = TagDiscovered.newBuilder().setRepository(ref.repository()).setRegistry(ref.registry())
                .setTag(tag).setDigest(digest != null ? digest : digestOf(repository + ":" + tag))
                .setMediaType("application/vnd.oci.image.manifest.v1+json").setPlatforms(List.of())
                .setCreatedAt(createdAt).setPushedAt(null).setSource(DiscoverySource.POLL).build();
        send(TopicCatalogue.IMAGES.name(), ref.repository(), ImageEvent.newBuilder().setMeta(meta).setPayload(payload)
                .build());
        return meta.getEventId();
    }

    public static String tagDiscovered(String repository, String tag) {
        return tagDiscovered(repository, tag, null, null);
    }

    /** Publishes {@code TagMoved}: a mutable tag now at {@code digest}. */
    public static String tagMoved(String repository, String tag, String previous, String digest) {
        ImageReference ref = ImageReference.parse(repository);
        Meta meta = META.root();
        TagMoved payload = TagMoved.newBuilder().setRepository(ref.repository()).setRegistry(ref.registry())
                .setTag(tag).setPreviousDigest(previous).setDigest(digest)
                .setMediaType("application/vnd.oci.image.manifest.v1+json").setPlatforms(List.of())
                .setCreatedAt(null).setPushedAt(null).setSource(DiscoverySource.WEBHOOK).build();
        send(TopicCatalogue.IMAGES.name(), ref.repository(), ImageEvent.newBuilder().setMeta(meta).setPayload(payload)
                .build());
        return meta.getEventId();
    }

    /** Publishes a {@code ReleaseImage} command. */
    public static String releaseImage(String repository, String tag, boolean ignorePolicy) {
        Meta meta = META.root();
        ReleaseImage payload = ReleaseImage.newBuilder().setRepository(repository).setTag(tag).setDigest(null)
                .setRequestedBy("test-operator").setReason("test").setIgnorePolicy(ignorePolicy).build();
        send(TopicCatalogue.COMMANDS.name(), repository, Command.newBuilder().setMeta(meta).setPayload(payload)
                .build());
        return meta.getEventId();
    }

    /** Publishes {@code LockWorkload} ({@code lock}) or {@code UnlockWorkload} for a manifest path. */
    public static String lockWorkload(String path, boolean lock) {
        Meta meta = META.root();
        io.shiplog.events.WorkloadRef ref = io.shiplog.events.WorkloadRef.newBuilder().setConfigRepo(null)
                .setPath(path).setKind(null).setNamespace(null).setName(null).build();
        Object payload = lock
                ? io.shiplog.events.LockWorkload.newBuilder().setWorkload(ref).setContainer(null)
                .setRequestedBy("test-operator").setReason("incident").build()
                : io.shiplog.events.UnlockWorkload.newBuilder().setWorkload(ref).setContainer(null)
                .setRequestedBy("test-operator").setReason(null).build();
        send(TopicCatalogue.COMMANDS.name(), path, Command.newBuilder().setMeta(meta).setPayload(payload).build());
        return meta.getEventId();
    }

    /** Writes raw bytes to a topic, as a broken producer would. */
    public static synchronized void sendRaw(String topic, String key, byte[] value) {
        events();
        if (raw == null) {
            raw = new KafkaProducer<>(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                    "key.serializer", ByteArraySerializer.class.getName(),
                    "value.serializer", ByteArraySerializer.class.getName(), "acks", "all"));
        }
        try {
            raw.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(30,
                    TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send raw record to " + topic, e);
        }
    }

    private static void send(String topic, String key, org.apache.avro.specific.SpecificRecord value) {
        try {
            events().send(topic, key, value).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    public static String digestOf(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
