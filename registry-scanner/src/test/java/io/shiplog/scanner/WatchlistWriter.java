package io.shiplog.scanner;

import io.shiplog.events.WatchedImage;
import io.shiplog.events.WatchlistEvent;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes watch-list entries as git-writer would, keyed by the image repository. */
final class WatchlistWriter implements AutoCloseable {

    private final KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
            "bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
            "schema.registry.url", SchemaRegistry.shared().url(),
            "key.serializer", StringSerializer.class.getName(),
            "value.serializer", ShiplogAvroSerializer.class.getName()));
    private final EventSink events = EventSink.of(producer);

    /** Watches {@code image} (host/path) of {@code registry}, tracking the digests of {@code tracked}. */
    void watch(String image, String registry, List<String> tracked, Long intervalMs) throws Exception {
        WatchedImage watched = WatchedImage.newBuilder().setRepository(image).setRegistry(registry)
                .setConfigRepo("http://git.invalid/config.git").setBranch("main").setHeadCommit("0".repeat(40))
                .setPolicies(List.of("semver")).setTrackedTags(tracked).setScanIntervalMs(intervalMs)
                .setUsages(List.of()).build();
        events.send(TopicCatalogue.WATCHLIST.name(), image, WatchlistEvent.newBuilder()
                .setMeta(new MetaFactory("test/git-writer").root()).setPayload(watched).build())
                .get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close();
    }
}
