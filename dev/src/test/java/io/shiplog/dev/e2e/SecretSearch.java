package io.shiplog.dev.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a secret must never show: everything this JVM writes to its console (the services' logs) from {@link #start}
 * on, and every byte of every record of the given topics, keys, values and headers alike.
 */
final class SecretSearch {

    private static ByteArrayOutputStream console;
    private static PrintStream originalOut;
    private static PrintStream originalErr;

    private SecretSearch() {
    }

    /** Starts keeping a copy of standard output and error (logback's console appender writes through them). */
    static synchronized void start() {
        console = new ByteArrayOutputStream();
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new Tee(originalOut, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, console), true, StandardCharsets.UTF_8));
    }

    static synchronized void stop() {
        if (originalOut != null) {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    static synchronized String console() {
        return console == null ? "" : console.toString(StandardCharsets.UTF_8);
    }

    /** Where in {@code topics} each of {@code secrets} occurs: "topic-partition@offset key|value|header name". */
    static List<String> inTopics(String bootstrapServers, List<String> topics, List<String> secrets) {
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                bootstrapServers, "key.deserializer", ByteArrayDeserializer.class.getName(), "value.deserializer",
                ByteArrayDeserializer.class.getName(), "isolation.level", "read_uncommitted"))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String at = record.topic() + "-" + record.partition() + "@" + record.offset();
                    search(record.key(), at + " key", secrets, found);
                    search(record.value(), at + " value", secrets, found);
                    for (Header header : record.headers()) {
                        search(header.value(), at + " header " + header.key(), secrets, found);
                    }
                }
            }
        }
        return found;
    }

    private static void search(byte[] bytes, String where, List<String> secrets, List<String> found) {
        if (bytes == null) {
            return;
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < secrets.size(); i++) {
            if (text.contains(new String(secrets.get(i).getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.ISO_8859_1))) {
                found.add(where + " holds secret #" + (i + 1));
            }
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
