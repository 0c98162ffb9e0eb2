package io.shiplog.auditor.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.auditor.config.NotificationProperties.Target;
import io.shiplog.auditor.config.NotificationProperties;
import io.shiplog.schemas.kafka.DeadLetters;
import io.shiplog.schemas.kafka.Delivery;
import io.shiplog.schemas.kafka.Follower;
import io.shiplog.schemas.kafka.FollowerSpec;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.kafka.KafkaFollower;
import io.shiplog.schemas.kafka.OffsetPolicy;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Sends notifications of the release log: follows every topic but the DLQ in its own consumer group, turns each
 * event into a {@link Notice}, and hands it to the channel of each target a rule names ({@link Rules}).
 *
 * <p>Each event is sent once per target: its offset is committed only when every target's delivery of it ended
 * (delivered, given up after the retry cap, or dropped), so a restart reads again only events whose deliveries had
 * not ended; and the ids of events sent are remembered per target ({@link SentEvents}, bounded), so an event read
 * again after a rebalance or published twice is not sent again. What the two leave open: a crash between a
 * delivery and the next offset commit (at most one poll) sends that event again after the restart; receivers can
 * dedupe on the event id every request carries ({@code X-Shiplog-Event-Id}, the CloudEvent's {@code id}).
 *
 * <p>A new group starts at the end of the log (only new events are notified) unless {@code read-from} says
 * {@code beginning}. An undecodable record is skipped (the audit projection dead-letters it).
 */
public final class Notifier implements SmartLifecycle, Follower<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** The topics notified: the release log without the DLQ. */
    static final List<TopicSpec> TOPICS = List.of(TopicCatalogue.WATCHLIST, TopicCatalogue.IMAGES,
            TopicCatalogue.COMMITS, TopicCatalogue.APPLIES, TopicCatalogue.DRIFT, TopicCatalogue.COMMANDS);

    private final Notices notices;
    private final Rules rules;
    private final SentEvents sent;
    private final MeterRegistry meters;
    private final Map<String, TargetChannel> channels = new LinkedHashMap<>();
    private final KafkaFollower<Object> follower;
    private volatile boolean running;

    /** @param group the consumer group every auditor instance shares (partitions are spread over them) */
    public Notifier(NotificationProperties properties, KafkaEdge edge, String group, MeterRegistry meters,
                    Clock clock) {
        this.notices = new Notices(properties.webBaseUrl());
        this.rules = new Rules(properties.rules());
        this.sent = new SentEvents(properties.dedupe());
        this.meters = meters;
        for (Target target : properties.targets()) {
            channels.put(target.name(), new TargetChannel(target, properties.retry(), properties.timeout(), clock,
                    meters));
        }
        AvroRecordDecoder decoder = edge.decoder();
        DeadLetters skip = edge.skipping(record -> meters.counter("shiplog.notifications.undecodable",
                "topic", record.topic()).increment());
        Map<String, Object> overrides = Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                properties.readFrom() == NotificationProperties.ReadFrom.END ? "latest" : "earliest");
        this.follower = edge.follower(FollowerSpec.of("notifications", OffsetPolicy.committed(group), skip,
                        TOPICS.stream().map(TopicSpec::name).toArray(String[]::new))
                .withClientId(group).withPollTimeout(Duration.ofMillis(500)).withConsumerOverrides(overrides),
                record -> {
                    try {
                        return decoder.decode(record);
                    } catch (RuntimeException e) {
                        return null;
                    }
                }, this);
    }

    @Override
    public void onRecord(Delivery<Object> delivery) {
        if (delivery.replayed()) {
            return;
        }
        Optional<Notice> notice;
        try {
            notice = notices.of(delivery.record().topic(), delivery.key(), delivery.value());
        } catch (RuntimeException e) {
            meters.counter("shiplog.notifications.unreadable", "topic", delivery.record().topic()).increment();
            LOG.warn("no notification for {}: {}", delivery.where(), e.getMessage());
            return;
        }
        if (notice.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> deliveries = new ArrayList<>();
        for (String name : rules.targets(notice.get())) {
            TargetChannel channel = channels.get(name);
            String eventId = notice.get().eventId();
            if (!sent.claim(name, eventId)) {
                meters.counter("shiplog.notifications.duplicates", "target", name).increment();
                continue;
            }
            deliveries.add(channel.submit(notice.get()).thenAccept(outcome -> {
                if (outcome != TargetChannel.Outcome.DELIVERED) {
                    sent.release(name, eventId);
                }
            }));
        }
        if (!deliveries.isEmpty()) {
            delivery.completeWhen(CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)));
        }
    }

    @Override
    public void start() {
        running = true;
        follower.start();
        try {
            if (!follower.awaitCaughtUp(START_TIMEOUT)) {
                LOG.warn("notifications: no assignment within {}; events are notified once the group assigns "
                        + "partitions", START_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("notifications to {} target(s) {} started", channels.size(), channels.keySet());
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        follower.close();
        channels.values().forEach(TargetChannel::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
