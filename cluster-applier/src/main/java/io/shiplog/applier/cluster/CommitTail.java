package io.shiplog.applier.cluster;

import io.shiplog.applier.cluster.Inbound.DesiredCommit;
import io.shiplog.schemas.kafka.LogReader;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest commit of each watched branch, read from the end of {@code shiplog.commits} backwards: only the
 * partitions a branch's key can be on are read, window by window from their end, until every branch on them was
 * found (or the partition's start reached). The log is kept forever, so reading it from the start would grow with
 * every commit ever made; reading back costs what was published since each branch's last commit, and a whole
 * partition only for a branch that never had a commit.
 */
final class CommitTail {

    private static final Logger LOG = LoggerFactory.getLogger(CommitTail.class);
    private static final int WINDOW = 500;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A branch of a config repository, its URL normalised as {@link ApplySchedule} compares it. */
    record Branch(String repository, String branch) {
        static Branch of(String repositoryUrl, String branch) {
            return new Branch(ApplySchedule.normalize(repositoryUrl), branch);
        }
    }

    /** A commit and where it is in the log (a newer position wins). */
    record Found(DesiredCommit commit, TopicPartition partition, long offset) {
    }

    /** What a read found and where the live reading goes on. */
    record Result(Map<Branch, Found> latest, Map<TopicPartition, Long> ends) {
    }

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Function<ConsumerRecord<byte[], byte[]>, Inbound> decoder;

    CommitTail(Supplier<Consumer<byte[], byte[]>> consumers, Function<ConsumerRecord<byte[], byte[]>, Inbound> decoder) {
        this.consumers = consumers;
        this.decoder = decoder;
    }

    /** The newest commit of each of {@code branches} as of now, and the end offsets of every partition. */
    Result read(Collection<Branch> branches) {
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            List<PartitionInfo> infos = consumer.partitionsFor(TopicCatalogue.COMMITS.name(), TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + TopicCatalogue.COMMITS.name()
                        + " has no partitions (is it provisioned?)");
            }
            List<TopicPartition> all = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, TIMEOUT);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(all, TIMEOUT);
            Map<Branch, Found> latest = new HashMap<>();
            long read = 0;
            for (TopicPartition partition : all) {
                Set<Branch> wanted = new HashSet<>();
                for (Branch branch : branches) {
                    if (partitionsOf(branch, all.size()).contains(partition.partition())) {
                        wanted.add(branch);
                    }
                }
                read += readBack(consumer, partition, starts.get(partition), ends.get(partition), wanted, latest);
            }
            LOG.info("{} read back {} records for the newest commit of {} branches: {} found",
                    TopicCatalogue.COMMITS.name(), read, branches.size(), latest.size());
            return new Result(latest, ends);
        }
    }

    private long readBack(Consumer<byte[], byte[]> consumer, TopicPartition partition, long start, long end,
                          Set<Branch> wanted, Map<Branch, Found> latest) {
        consumer.assign(List.of(partition));
        long read = 0;
        long upTo = end;
        while (upTo > start && !latest.keySet().containsAll(wanted)) {
            long from = Math.max(start, upTo - WINDOW);
            consumer.seek(partition, from);
            Map<Branch, Found> window = new HashMap<>();
            while (consumer.position(partition, TIMEOUT) < upTo) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() >= upTo) {
                        continue;
                    }
                    read++;
                    Inbound inbound;
                    try {
                        inbound = decoder.apply(record);
                    } catch (RuntimeException e) {
                        continue;
                    }
                    if (inbound instanceof DesiredCommit commit) {
                        Branch branch = Branch.of(commit.configRepo(), commit.branch());
                        if (wanted.contains(branch)) {
                            window.put(branch, new Found(commit, partition, record.offset()));
                        }
                    }
                }
            }
            window.forEach(latest::putIfAbsent);
            upTo = from;
        }
        return read;
    }

    /** The partitions the commits of {@code branch} can be on: its key with the URL as it may be spelt. */
    private static Set<Integer> partitionsOf(Branch branch, int partitions) {
        Set<Integer> candidates = new HashSet<>();
        for (String url : spellings(branch.repository())) {
            candidates.add(LogReader.partitionOf(url + "#" + branch.branch(), partitions));
        }
        return candidates;
    }

    private static List<String> spellings(String normalized) {
        List<String> urls = new ArrayList<>();
        for (String base : List.of(normalized, normalized + ".git")) {
            urls.add(base);
            urls.add(base + "/");
        }
        return urls;
    }
}
