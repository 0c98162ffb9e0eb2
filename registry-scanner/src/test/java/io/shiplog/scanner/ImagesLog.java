package io.shiplog.scanner;

import io.shiplog.events.ImageEvent;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kafka.TopicTail;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The payloads written to {@code shiplog.images} from now on, with the time each arrived. */
final class ImagesLog implements AutoCloseable {

    private final TopicTail tail;

    ImagesLog() {
        TopicProvisioner.provisionCatalogue(KafkaBroker.shared().bootstrapServers());
        tail = TopicTail.fromEnd(KafkaBroker.shared().bootstrapServers(),
                ShiplogAvroDeserializer.specificReaderConfig(SchemaRegistry.shared().url()),
                List.of(TopicCatalogue.IMAGES.name()));
    }

    <T> List<T> all(Class<T> type, Predicate<T> filter) {
        List<T> out = new ArrayList<>();
        for (TopicTail.Received r : tail.received()) {
            Object payload = payload(r);
            if (type.isInstance(payload) && filter.test(type.cast(payload))) {
                out.add(type.cast(payload));
            }
        }
        return out;
    }

    /** Every payload about {@code repository}, any type. */
    List<Object> about(String repository) {
        return tail.received().stream().map(ImagesLog::payload).filter(p -> p.toString()
                .contains("\"repository\": \"" + repository + "\"")).toList();
    }

    <T> T await(Class<T> type, Predicate<T> filter) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> all(type, filter).stream().findFirst().orElse(null), v -> v != null);
    }

    /** Nanotime the first matching payload arrived. */
    <T> long arrivedAt(Class<T> type, Predicate<T> filter) {
        return tail.received().stream().filter(r -> type.isInstance(payload(r)) && filter.test(type.cast(payload(r))))
                .findFirst().orElseThrow().atNanos();
    }

    private static Object payload(TopicTail.Received received) {
        return ((ImageEvent) received.value()).getPayload();
    }

    @Override
    public void close() {
        tail.close();
    }
}
