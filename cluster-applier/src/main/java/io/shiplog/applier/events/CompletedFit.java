package io.shiplog.applier.events;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.Health;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Keeps an {@code ApplyCompleted} under the record size the producer and the topic accept, so a commit of tens of
 * thousands of objects is still reported: the counts always cover every object; when every result does not fit,
 * the results that matter most are kept (failed, skipped, pruned, unhealthy, workloads with their images, changed,
 * then unchanged), each message cut to {@value #SUMMARY_MESSAGE_CHARS} characters, and {@code omittedResults} says
 * how many were left out.
 */
final class CompletedFit {

    /** Longest message of a result in a summarised record. */
    static final int SUMMARY_MESSAGE_CHARS = 1000;
    /** Room for the key, the headers and Kafka's record framing, over the Avro body. */
    static final int FRAMING_BYTES = 8 * 1024;
    /** Confluent wire format prefix (magic byte and schema id), array block counts and their terminator. */
    private static final int ENCODING_SLACK = 5 + 32;

    private CompletedFit() {
    }

    /** The event itself when its body fits {@code maxBytes} with room for framing, else a summarised copy. */
    static ApplyEvent fit(ApplyEvent event, int maxBytes) {
        if (!(event.getPayload() instanceof ApplyCompleted completed)) {
            return event;
        }
        int budget = maxBytes - FRAMING_BYTES - ENCODING_SLACK;
        if (size(event.getSchema(), event) <= budget) {
            return event;
        }
        List<ObjectResult> all = completed.getResults();
        ApplyCompleted empty = ApplyCompleted.newBuilder(completed).setResults(List.of())
                .setOmittedResults(all.size()).build();
        long used = size(event.getSchema(), ApplyEvent.newBuilder(event).setPayload(empty).build());
        SpecificDatumWriter<SpecificRecord> resultWriter = new SpecificDatumWriter<>(ObjectResult.getClassSchema());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> rank(all.get(i))).thenComparingInt(i -> i));
        Set<Integer> kept = new HashSet<>();
        List<ObjectResult> cut = new ArrayList<>(all.size());
        for (ObjectResult result : all) {
            cut.add(shortened(result));
        }
        for (int index : order) {
            long more = size(resultWriter, cut.get(index));
            if (used + more > budget) {
                break;
            }
            used += more;
            kept.add(index);
        }
        List<ObjectResult> results = new ArrayList<>(kept.size());
        for (int i = 0; i < cut.size(); i++) {
            if (kept.contains(i)) {
                results.add(cut.get(i));
            }
        }
        ApplyCompleted summary = ApplyCompleted.newBuilder(completed).setResults(results)
                .setOmittedResults(all.size() - results.size()).build();
        return ApplyEvent.newBuilder(event).setPayload(summary).build();
    }

    /** Lower goes first. */
    private static int rank(ObjectResult result) {
        ObjectAction action = result.getAction();
        if (action == ObjectAction.FAILED) {
            return 0;
        }
        if (action == ObjectAction.SKIPPED) {
            return 1;
        }
        if (action == ObjectAction.PRUNED) {
            return 2;
        }
        if (result.getHealth() == Health.DEGRADED || result.getHealth() == Health.PROGRESSING) {
            return 3;
        }
        if (!result.getImages().isEmpty()) {
            return 4;
        }
        return action == ObjectAction.UNCHANGED ? 6 : 5;
    }

    private static ObjectResult shortened(ObjectResult result) {
        String message = result.getMessage();
        if (message == null || message.length() <= SUMMARY_MESSAGE_CHARS) {
            return result;
        }
        return ObjectResult.newBuilder(result).setMessage(message.substring(0, SUMMARY_MESSAGE_CHARS) + "…").build();
    }

    /** Bytes of the Avro binary encoding of {@code record}. */
    static long size(Schema schema, SpecificRecord record) {
        return size(new SpecificDatumWriter<>(schema), record);
    }

    private static long size(SpecificDatumWriter<SpecificRecord> writer, SpecificRecord record) {
        Counting counting = new Counting();
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(counting, null);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counting.bytes;
    }

    private static final class Counting extends OutputStream {
        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
