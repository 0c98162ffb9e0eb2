package io.shiplog.cli.status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far each consumer group is behind on each Shiplog topic: log end minus committed offset, summed. */
final class ConsumerLag {

    private static final long TIMEOUT_SECONDS = 30;

    /** A group's lag on one topic. */
    record Lag(String group, String topic, long lag, int partitions) {
    }

    private ConsumerLag() {
    }

    static List<Lag> read(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (!key.startsWith("schema.registry.") && !key.startsWith("basic.auth.")) {
                config.put(key, value);
            }
        });
        config.put("default.api.timeout.ms", (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        try (Admin admin = Admin.create(config)) {
            List<String> groups = admin.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId).sorted().toList();
            List<Lag> lags = new ArrayList<>();
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> ends = committed.keySet().stream()
                        .filter(tp -> tp.topic().startsWith("shiplog."))
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                if (ends.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(ends).all()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                Map<String, long[]> perTopic = new TreeMap<>();
                end.forEach((tp, info) -> {
                    OffsetAndMetadata at = committed.get(tp);
                    long[] sum = perTopic.computeIfAbsent(tp.topic(), t -> new long[2]);
                    sum[0] += Math.max(0, info.offset() - (at == null ? 0 : at.offset()));
                    sum[1]++;
                });
                perTopic.forEach((topic, sum) -> lags.add(new Lag(group, topic, sum[0], (int) sum[1])));
            }
            return lags;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
