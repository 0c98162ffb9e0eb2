package io.shiplog.schemas.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Requests to read up to the end the partitions had when the request was taken: the requester waits until this
 * follower has handled everything published before it asked. Checked on the follower's thread after each poll.
 */
final class CatchUps {

    private final Queue<CompletableFuture<Void>> requested = new ConcurrentLinkedQueue<>();
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private Map<TopicPartition, Long> target = Map.of();

    CompletableFuture<Void> request() {
        CompletableFuture<Void> reached = new CompletableFuture<>();
        requested.add(reached);
        return reached;
    }

    boolean pending() {
        return !requested.isEmpty() || !waiting.isEmpty();
    }

    /** Takes new requests (their target is the end offsets now) and completes the ones that are reached. */
    void check(Consumer<byte[], byte[]> consumer) {
        if (!requested.isEmpty()) {
            for (CompletableFuture<Void> request; (request = requested.poll()) != null; ) {
                waiting.add(request);
            }
            target = consumer.endOffsets(consumer.assignment());
        }
        if (!waiting.isEmpty() && target.entrySet().stream().allMatch(end ->
                !consumer.assignment().contains(end.getKey()) || consumer.position(end.getKey()) >= end.getValue())) {
            waiting.forEach(request -> request.complete(null));
            waiting.clear();
        }
    }
}
