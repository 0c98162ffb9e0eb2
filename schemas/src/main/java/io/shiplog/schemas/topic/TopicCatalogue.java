package io.shiplog.schemas.topic;

import io.shiplog.events.ApplyEvent;
import io.shiplog.events.Command;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.DeadLetter;
import io.shiplog.events.DriftEvent;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.WatchlistEvent;
import io.shiplog.schemas.topic.TopicSpec.CleanupPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The topics of the release log, as DESIGN.md fixes them. */
public final class TopicCatalogue {

    /** Partitions of every topic unless a deployment configures another count. */
    public static final int DEFAULT_PARTITIONS = 6;

    public static final TopicSpec WATCHLIST = new TopicSpec("shiplog.watchlist", "image repository",
            DEFAULT_PARTITIONS, CleanupPolicy.COMPACT, Optional.empty(), WatchlistEvent.getClassSchema());
    public static final TopicSpec IMAGES = new TopicSpec("shiplog.images", "image repository",
            DEFAULT_PARTITIONS, CleanupPolicy.DELETE, Optional.empty(), ImageEvent.getClassSchema());
    public static final TopicSpec COMMITS = new TopicSpec("shiplog.commits", "config repo + branch",
            DEFAULT_PARTITIONS, CleanupPolicy.DELETE, Optional.empty(), CommitEvent.getClassSchema());
    public static final TopicSpec APPLIES = new TopicSpec("shiplog.applies", "cluster",
            DEFAULT_PARTITIONS, CleanupPolicy.DELETE, Optional.empty(), ApplyEvent.getClassSchema());
    public static final TopicSpec DRIFT = new TopicSpec("shiplog.drift", "cluster",
            DEFAULT_PARTITIONS, CleanupPolicy.DELETE, Optional.empty(), DriftEvent.getClassSchema());
    public static final TopicSpec COMMANDS = new TopicSpec("shiplog.commands", "target (cluster or image repository)",
            DEFAULT_PARTITIONS, CleanupPolicy.DELETE, Optional.of(Duration.ofDays(7)), Command.getClassSchema());
    public static final TopicSpec DLQ = new TopicSpec("shiplog.dlq", "original key",
            DEFAULT_PARTITIONS, CleanupPolicy.DELETE, Optional.of(Duration.ofDays(30)), DeadLetter.getClassSchema());

    private static final List<TopicSpec> ALL = List.of(WATCHLIST, IMAGES, COMMITS, APPLIES, DRIFT, COMMANDS, DLQ);

    private TopicCatalogue() {
    }

    /** Every topic with its default partition count. */
    public static List<TopicSpec> all() {
        return ALL;
    }

    /** Every topic with {@code partitions} partitions. */
    public static List<TopicSpec> all(int partitions) {
        return ALL.stream().map(spec -> spec.withPartitions(partitions)).toList();
    }

    /** The topic named {@code name}, if it is one of Shiplog's. */
    public static Optional<TopicSpec> byName(String name) {
        return ALL.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    /** The Confluent TopicNameStrategy subject of a topic's values. */
    public static String valueSubject(TopicSpec topic) {
        return topic.name() + "-value";
    }
}
