package io.shiplog.cli.audit;

import io.shiplog.schemas.cdevents.CdEvents;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code shiplog audit export}: the release log, read directly from the topics up to their current end, as
 * CloudEvents carrying CDEvents of one spec release ({@link CdEvents#SPEC}) where one fits, or as JSON lines, one event
 * per line, in topic and partition order.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the release log as CloudEvents carrying CDEvents (spec " + CdEvents.SPEC
                + ") or as JSON lines (one event per line).")
public final class ExportCommand implements Callable<Integer> {

    /** Topics exported: the release log without the DLQ. */
    static final List<TopicSpec> TOPICS = List.of(TopicCatalogue.WATCHLIST, TopicCatalogue.IMAGES,
            TopicCatalogue.COMMITS, TopicCatalogue.APPLIES, TopicCatalogue.DRIFT, TopicCatalogue.COMMANDS);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Option(names = "--format", defaultValue = "cdevents", description = "cdevents or jsonl (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--since", paramLabel = "TIME", description = "Only events that occurred at or after TIME.")
    String since;

    @Option(names = {"--output", "-o"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("cdevents") && !format.equals("jsonl")) {
            spec.commandLine().getErr().println("shiplog audit export: --format must be cdevents or jsonl, got '"
                    + format + "'");
            return 2;
        }
        Instant from;
        try {
            from = since == null ? Instant.EPOCH : java.time.OffsetDateTime.parse(since).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            spec.commandLine().getErr().println("shiplog audit export: --since is not an ISO-8601 time: '" + since
                    + "'");
            return 2;
        }
        Writer writer = output == null ? spec.commandLine().getOut()
                : new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(output), StandardCharsets.UTF_8));
        long count;
        try (PrintWriter out = new PrintWriter(writer)) {
            count = export(out, from);
            out.flush();
        }
        spec.commandLine().getErr().println("exported " + count + " events");
        return 0;
    }

    private long export(PrintWriter out, Instant from) {
        Map<String, Object> config = log.clientConfig();
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", ShiplogAvroDeserializer.class.getName());
        config.put("isolation.level", "read_committed");
        config.put("max.poll.records", 5000);
        long count = 0;
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
            for (TopicSpec topic : TOPICS) {
                List<TopicPartition> partitions = new ArrayList<>();
                consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                for (TopicPartition partition : partitions) {
                    consumer.assign(List.of(partition));
                    consumer.seekToBeginning(List.of(partition));
                    long end = consumer.endOffsets(List.of(partition)).get(partition);
                    while (consumer.position(partition) < end) {
                        for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(500))) {
                            if (record.offset() >= end || !(record.value() instanceof GenericRecord event)) {
                                continue;
                            }
                            GenericRecord meta = (GenericRecord) event.get("meta");
                            long occurred = ((Number) meta.get("occurredAt")).longValue();
                            if (occurred < from.toEpochMilli()) {
                                continue;
                            }
                            out.println(format.equals("jsonl") ? jsonLine(record, event)
                                    : CdEvents.cloudEvent(record.topic(), record.key(), event).structured());
                            count++;
                        }
                    }
                }
            }
        }
        return count;
    }

    private static String jsonLine(ConsumerRecord<String, Object> record, GenericRecord event) {
        ObjectNode line = JSON.createObjectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("key", record.key());
        GenericRecord payload = (GenericRecord) event.get("payload");
        line.put("type", payload.getSchema().getName());
        line.set("event", JSON.readTree(event.toString()));
        return line.toString();
    }

}
