package io.shiplog.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.events.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {

    private record Sent(String topic, String key, SpecificRecord value) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final DeadLetterPublisher publisher = new DeadLetterPublisher(
            (topic, key, value) -> {
                sent.add(new Sent(topic, key, value));
                return CompletableFuture.completedFuture(null);
            }, new MetaFactory("git-writer/it"), "git-writer/git-writer");

    @Test
    void keepsTheOriginalKeyBytesHeadersPositionAndReason() {
        byte[] value = "{not avro".getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders(List.of(new RecordHeader("traceparent", new byte[] {7, 8})));
        ConsumerRecord<byte[], byte[]> poison = new ConsumerRecord<>("shiplog.images", 3, 42L, 1_700_000_000_000L,
                TimestampType.CREATE_TIME, 16, value.length, "ghcr.io/acme/app".getBytes(StandardCharsets.UTF_8),
                value, headers, Optional.empty());

        publisher.publish(poison, new SerializationException("cannot decode",
                new IllegalArgumentException("unknown magic byte 0x7b")));

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).topic()).isEqualTo("shiplog.dlq");
        assertThat(sent.get(0).key()).isEqualTo("ghcr.io/acme/app");
        DeadLetter letter = (DeadLetter) sent.get(0).value();
        assertThat(letter.getSourceTopic()).isEqualTo("shiplog.images");
        assertThat(letter.getSourcePartition()).isEqualTo(3);
        assertThat(letter.getSourceOffset()).isEqualTo(42L);
        assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap(value));
        assertThat(letter.getReason()).isEqualTo("cannot decode: unknown magic byte 0x7b");
        assertThat(letter.getErrorClass()).isEqualTo(SerializationException.class.getName());
        assertThat(letter.getConsumer()).isEqualTo("git-writer/git-writer");
        assertThat(letter.getHeaders()).singleElement().satisfies(h -> {
            assertThat(h.getKey()).isEqualTo("traceparent");
            assertThat(h.getValue()).isEqualTo(ByteBuffer.wrap(new byte[] {7, 8}));
        });
    }

    @Test
    void aRecordWithoutKeyOrValueStillGoesToTheDlq() {
        ConsumerRecord<byte[], byte[]> empty = new ConsumerRecord<>("shiplog.commits", 0, 1L, null, null);

        publisher.publish(empty, new IllegalStateException());

        DeadLetter letter = (DeadLetter) sent.get(0).value();
        assertThat(sent.get(0).key()).isNull();
        assertThat(letter.getKey()).isNull();
        assertThat(letter.getValue()).isNull();
        assertThat(letter.getReason()).isEqualTo("IllegalStateException");
    }
}
