package io.shiplog.local.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows topics from their end at creation (or their beginning), in the background, keeping every record (topic, key, decoded value,
 * arrival time) so tests and benchmarks can wait for what a service publishes and check what never appears.
 * Reads committed records only; string keys; the value deserializer and its settings come from the caller.
 */
public final class TopicTail implements AutoCloseable {

    /** One record as it arrived; {@code index} is its position in {@link #received()}. */
    public record Received(int index, String topic, String key, Object value, long atNanos) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Object arrived = new Object();
    private final Thread thread;
    private volatile boolean running = true;

    private TopicTail(KafkaConsumer<String, Object> consumer, String name) {
        this.thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(20))) {
                        received.add(new Received(received.size(), record.topic(), record.key(), record.value(),
                                System.nanoTime()));
                    }
                    synchronized (arrived) {
                        arrived.notifyAll();
                    }
                }
            }
        }, name);
        thread.setDaemon(true);
    }

    /**
     * Starts following {@code topics} of {@code bootstrapServers} from their current end; {@code valueConfig}
     * names the value deserializer and its settings (e.g. the schema registry URL).
     */
    public static TopicTail fromEnd(String bootstrapServers, Map<String, Object> valueConfig, List<String> topics) {
        return start(bootstrapServers, valueConfig, topics, true);
    }

    /** Like {@link #fromEnd} but from the topics' beginning: every record they hold, then what follows. */
    public static TopicTail fromBeginning(String bootstrapServers, Map<String, Object> valueConfig,
                                          List<String> topics) {
        return start(bootstrapServers, valueConfig, topics, false);
    }

    private static TopicTail start(String bootstrapServers, Map<String, Object> valueConfig, List<String> topics,
                                   boolean fromEnd) {
        Map<String, Object> config = new HashMap<>(valueConfig);
        config.put("bootstrap.servers", bootstrapServers);
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("isolation.level", "read_committed");
        config.put("enable.auto.commit", false);
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
        } else {
            consumer.seekToBeginning(partitions);
        }
        partitions.forEach(consumer::position);
        TopicTail tail = new TopicTail(consumer, "tail-" + String.join(",", topics));
        tail.thread.start();
        return tail;
    }

    /** Every record so far, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The values so far of type {@code type} that match {@code filter}. */
    public <T> List<T> values(Class<T> type, Predicate<T> filter) {
        List<T> out = new ArrayList<>();
        for (Received r : received) {
            if (type.isInstance(r.value()) && filter.test(type.cast(r.value()))) {
                out.add(type.cast(r.value()));
            }
        }
        return out;
    }

    /** Every record value as text, one per line: for checking that something never appears. */
    public String allText() {
        StringBuilder text = new StringBuilder();
        for (Received r : received) {
            text.append(r.value()).append('\n');
        }
        return text.toString();
    }

    /**
     * Blocks until a record at index {@code from} or later matches, and returns it.
     *
     * @throws IllegalStateException naming {@code what} when none arrives within {@code timeout}
     */
    public Received await(int from, Predicate<Received> matching, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = from;
        while (true) {
            while (next < received.size()) {
                Received r = received.get(next++);
                if (matching.test(r)) {
                    return r;
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new IllegalStateException("no " + what + " within " + timeout);
            }
            synchronized (arrived) {
                if (next >= received.size()) {
                    arrived.wait(Math.min(left, 100));
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
