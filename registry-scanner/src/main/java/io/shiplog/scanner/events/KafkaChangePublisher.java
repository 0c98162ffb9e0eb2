package io.shiplog.scanner.events;

import io.shiplog.scanner.scan.ChangePublisher;
import io.shiplog.scanner.scan.KnownImages;
import io.shiplog.scanner.scan.TagChange;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes tag changes to {@code shiplog.images}, keyed by repository, each starting a release (a tag found is
 * where a release begins). The changes are sent together and remembered once the broker has them.
 */
public final class KafkaChangePublisher implements ChangePublisher {

    private final EventSink sink;
    private final MetaFactory meta;
    private final KnownImages known;

    public KafkaChangePublisher(EventSink sink, MetaFactory meta, KnownImages known) {
        this.sink = sink;
        this.meta = meta;
        this.known = known;
    }

    @Override
    public void publish(List<TagChange> changes) throws InterruptedException {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (TagChange change : changes) {
            sent.add(sink.send(TopicCatalogue.IMAGES.name(), change.image().toString(),
                    ImageEventConverter.toAvro(change, meta.root())));
        }
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(30, TimeUnit.SECONDS);
                known.apply(changes.get(i));
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot write " + changes.get(i).getClass().getSimpleName()
                        + " of " + changes.get(i).image() + ":" + changes.get(i).tag() + " to "
                        + TopicCatalogue.IMAGES.name() + ": " + e, e);
            }
        }
    }
}
