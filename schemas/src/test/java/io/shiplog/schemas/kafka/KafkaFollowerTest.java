package io.shiplog.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.DeadLetter;
import io.shiplog.schemas.event.DeadLetterPublisher;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.spring.KafkaFollowersHealthIndicator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class KafkaFollowerTest {

    private static final String TOPIC = "shiplog.images";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeLog log = new FakeLog(TOPIC, 2);
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final AtomicInteger counted = new AtomicInteger();
    private final FollowerHealth health = new FollowerHealth();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    /** "live value" or "catching up value" for each record handed over, with {@link #recordingTracing()}. */
    private final List<String> tracedAs = new CopyOnWriteArrayList<>();
    private KafkaFollower<String> follower;

    @AfterEach
    void close() {
        if (follower != null) {
            follower.close();
        }
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopicAndTheNextRecordIsStillHandled() {
        log.append(0, "app", "first");
        log.append(0, "app", "not avro");
        log.append(0, "app", "second");

        start(spec(OffsetPolicy.committed("scanner")), delivery -> handled.add(delivery.value()));

        await().atMost(WAIT).until(() -> handled.size() == 2);
        assertThat(handled).containsExactly("first", "second");
        await().atMost(WAIT).until(() -> deadLetters.size() == 1);
        assertThat(deadLetters.get(0).getSourceOffset()).isEqualTo(1L);
        assertThat(deadLetters.get(0).getReason()).contains("not avro");
        assertThat(counted).hasValue(1);
        await().atMost(WAIT).until(() -> Long.valueOf(3).equals(log.committed(0)));
    }

    @Test
    void aRecordTheFollowerCannotProcessGoesToTheDeadLetterTopicAndThePartitionMovesOn() {
        log.append(0, "app", "wrong");
        log.append(0, "app", "right");

        start(spec(OffsetPolicy.committed("scanner")), delivery -> {
            if (delivery.value().equals("wrong")) {
                throw new UnprocessableRecordException(new IllegalArgumentException("no such image name"));
            }
            handled.add(delivery.value());
        });

        await().atMost(WAIT).until(() -> handled.contains("right"));
        await().atMost(WAIT).until(() -> deadLetters.size() == 1);
        assertThat(deadLetters.get(0).getReason()).isEqualTo("no such image name");
        await().atMost(WAIT).until(() -> Long.valueOf(2).equals(log.committed(0)));
    }

    @Test
    void aFailingFollowerRestartsWithBackoffAndTheServiceIsDownThenUpAgain() {
        log.append(0, "app", "first");
        AtomicBoolean failing = new AtomicBoolean(true);
        KafkaFollowersHealthIndicator indicator = new KafkaFollowersHealthIndicator(health);

        start(spec(OffsetPolicy.committed("scanner")).withBackoff(new Backoff(Duration.ofMillis(20),
                Duration.ofMillis(100))), delivery -> {
            if (failing.get()) {
                throw new IllegalStateException("the registry is down");
            }
            handled.add(delivery.value());
        });

        await().atMost(WAIT).until(() -> indicator.health().getStatus().equals(Status.DOWN));
        assertThat(follower.state()).isInstanceOfSatisfying(FollowerState.Restarting.class,
                restarting -> assertThat(restarting.reason()).contains("the registry is down"));
        await().atMost(WAIT).until(() -> log.consumersMade() >= 3);
        assertThat(handled).isEmpty();
        assertThat(log.committed(0)).isNull();

        failing.set(false);

        await().atMost(WAIT).until(() -> indicator.health().getStatus().equals(Status.UP));
        await().atMost(WAIT).until(() -> handled.equals(List.of("first")));
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void aPoisonRecordWhileTheDeadLetterTopicIsDownHoldsThePartitionUntilTheTopicTakesIt() {
        log.append(0, "app", "first");
        log.append(0, "app", "not avro");
        log.append(0, "app", "second");
        AtomicBoolean dlqDown = new AtomicBoolean(true);
        KafkaFollowersHealthIndicator indicator = new KafkaFollowersHealthIndicator(health);
        DeadLetterPublisher publisher = new DeadLetterPublisher((topic, key, value) -> {
            if (dlqDown.get()) {
                return CompletableFuture.failedFuture(new TimeoutException("shiplog.dlq: no leader (broker down)"));
            }
            deadLetters.add((DeadLetter) value);
            return CompletableFuture.completedFuture(null);
        }, new MetaFactory("test/host"), "test/group", health::deadLettered);

        start(FollowerSpec.of("test-follower", OffsetPolicy.committed("scanner"), DeadLetters.publishing(publisher,
                        record -> counted.incrementAndGet()), TOPIC).withPollTimeout(Duration.ofMillis(20))
                .withBackoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100))),
                delivery -> handled.add(delivery.value()));

        await().atMost(WAIT).until(() -> indicator.health().getStatus().equals(Status.DOWN));
        await().atMost(WAIT).until(() -> log.consumersMade() >= 3);
        assertThat(handled).contains("first").doesNotContain("second");
        assertThat(log.committed(0)).as("never committed past the poison record").isIn(null, 1L);
        assertThat(health.deadLetters("test/group")).isZero();

        dlqDown.set(false);

        await().atMost(WAIT).until(() -> handled.contains("second"));
        await().atMost(WAIT).until(() -> Long.valueOf(3).equals(log.committed(0)));
        assertThat(deadLetters).singleElement().satisfies(letter -> assertThat(letter.getSourceOffset()).isEqualTo(1));
        assertThat(health.deadLetters("test/group")).isEqualTo(1);
        await().atMost(WAIT).until(() -> indicator.health().getStatus().equals(Status.UP));
    }

    @Test
    void offsetsAreCommittedOnlyAfterTheSideEffectIsDone() {
        log.append(0, "app", "first");
        log.append(0, "app", "second");
        Map<String, CompletableFuture<Void>> sideEffects = new ConcurrentHashMap<>();

        start(spec(OffsetPolicy.committed("git-writer")), delivery -> {
            CompletableFuture<Void> sideEffect = new CompletableFuture<>();
            sideEffects.put(delivery.value(), sideEffect);
            delivery.completeWhen(sideEffect);
        });

        await().atMost(WAIT).until(() -> sideEffects.size() == 2);
        assertThat(log.committed(0)).isNull();

        sideEffects.get("second").complete(null);
        await("nothing committed while the first side effect runs").during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(1)).until(() -> log.committed(0) == null);

        sideEffects.get("first").complete(null);
        await().atMost(WAIT).until(() -> Long.valueOf(2).equals(log.committed(0)));
    }

    @Test
    void aRecordWhoseSideEffectFailsGoesToTheDeadLetterTopicAndTheOffsetMovesOn() {
        log.append(0, "app", "first");

        start(spec(OffsetPolicy.committed("git-writer")), delivery ->
                delivery.completeWhen(CompletableFuture.failedFuture(new IllegalStateException("push refused"))));

        await().atMost(WAIT).until(() -> deadLetters.size() == 1);
        assertThat(deadLetters.get(0).getReason()).isEqualTo("push refused");
        await().atMost(WAIT).until(() -> Long.valueOf(1).equals(log.committed(0)));
    }

    @Test
    void offsetsStoredByTheCallerAreWhereReadingStartsAtAssignment() {
        for (int i = 0; i < 4; i++) {
            log.append(0, "app", "p0-" + i);
        }
        log.append(1, "other", "p1-0");
        OffsetStore store = partitions -> Map.of(new TopicPartition(TOPIC, 0), 2L);

        start(spec(OffsetPolicy.stored(store)), delivery -> handled.add(delivery.value()));

        await().atMost(WAIT).until(() -> handled.size() == 3);
        assertThat(handled).containsExactlyInAnyOrder("p0-2", "p0-3", "p1-0");
        assertThat(log.committed(0)).as("the caller keeps the offsets").isNull();
    }

    @Test
    void aRebuildingGroupReadsFromTheStartAndMarksWhatWasCommittedBeforeAsReplayed() {
        log.append(0, "app", "old");
        log.append(0, "app", "new");
        start(spec(OffsetPolicy.committed("writer")), delivery -> handled.add(delivery.value()));
        await().atMost(WAIT).until(() -> Long.valueOf(2).equals(log.committed(0)));
        follower.close();
        log.append(0, "app", "newer");
        handled.clear();
        List<Boolean> replayed = new CopyOnWriteArrayList<>();

        start(spec(OffsetPolicy.rebuilding("writer")), delivery -> {
            handled.add(delivery.value());
            replayed.add(delivery.replayed());
        });

        await().atMost(WAIT).until(() -> handled.size() == 3);
        assertThat(handled).containsExactly("old", "new", "newer");
        assertThat(replayed).containsExactly(true, true, false);
        await().atMost(WAIT).until(() -> Long.valueOf(3).equals(log.committed(0)));
    }

    @Test
    void idleRunsAfterEveryPollAndCatchUpWaitsForWhatWasPublishedBefore() throws Exception {
        log.append(0, "app", "first");
        AtomicInteger idles = new AtomicInteger();
        start(spec(OffsetPolicy.fromBeginning()), new Follower<>() {
            @Override
            public void onRecord(Delivery<String> delivery) {
                handled.add(delivery.value());
            }

            @Override
            public void onIdle(FollowerContext context) {
                idles.incrementAndGet();
            }
        });
        assertThat(follower.awaitCaughtUp(WAIT)).isTrue();
        assertThat(handled).containsExactly("first");

        log.append(1, "app", "second");
        follower.catchUp(WAIT);

        assertThat(handled).containsExactly("first", "second");
        await().atMost(WAIT).until(() -> idles.get() > 5);
    }

    @Test
    void theBacklogFoundAtTheStartIsTracedAsCatchingUpAndLaterRecordsAsLive() {
        log.append(0, "app", "old");
        log.append(1, "app", "older");
        follower = new KafkaFollower<>(spec(OffsetPolicy.fromBeginning()), log.consumers(), text(),
                delivery -> handled.add(delivery.value()), health, recordingTracing());
        follower.start();
        await().atMost(WAIT).until(() -> follower.caughtUp());

        log.append(0, "app", "new");

        await().atMost(WAIT).until(() -> handled.size() == 3);
        assertThat(tracedAs).containsExactlyInAnyOrder("catching up old", "catching up older", "live new");
    }

    @Test
    void recordsReadAgainAfterARewindAreTracedAsCatchingUpAndThoseAppendedAfterItAsLive() {
        log.append(0, "app", "old");
        log.append(1, "app", "older");
        AtomicBoolean rewind = new AtomicBoolean();
        follower = new KafkaFollower<>(spec(OffsetPolicy.fromBeginning()), log.consumers(), text(),
                new Follower<>() {
                    @Override
                    public void onRecord(Delivery<String> delivery) {
                        handled.add(delivery.value());
                    }

                    @Override
                    public void onIdle(FollowerContext context) {
                        if (rewind.compareAndSet(true, false)) {
                            context.rewind();
                        }
                    }
                }, health, recordingTracing());
        follower.start();
        await().atMost(WAIT).until(() -> follower.caughtUp());
        log.append(0, "app", "new");
        await().atMost(WAIT).until(() -> handled.size() == 3);
        tracedAs.clear();

        rewind.set(true);
        await().atMost(WAIT).until(() -> handled.size() == 6);
        log.append(1, "app", "newest");
        await().atMost(WAIT).until(() -> handled.size() == 7);

        assertThat(tracedAs).containsExactlyInAnyOrder("catching up old", "catching up older", "catching up new",
                "live newest");
    }

    /** A tracing that records in {@link #tracedAs} how each record was handed over. */
    private RecordTracing recordingTracing() {
        return new RecordTracing() {
            @Override
            public Handling handling(ConsumerRecord<byte[], byte[]> record, Object value) {
                tracedAs.add("live " + value);
                return () -> { };
            }

            @Override
            public Handling catchingUp(ConsumerRecord<byte[], byte[]> record, Object value) {
                tracedAs.add("catching up " + value);
                return () -> { };
            }
        };
    }

    private FollowerSpec spec(OffsetPolicy policy) {
        DeadLetterPublisher publisher = new DeadLetterPublisher((topic, key, value) -> {
            deadLetters.add((DeadLetter) value);
            return CompletableFuture.completedFuture(null);
        }, new MetaFactory("test/host"), "test/group");
        return FollowerSpec.of("test-follower", policy, DeadLetters.publishing(publisher,
                record -> counted.incrementAndGet()), TOPIC).withPollTimeout(Duration.ofMillis(20));
    }

    private void start(FollowerSpec spec, Follower<String> handler) {
        follower = new KafkaFollower<>(spec, log.consumers(), text(), handler, health);
        follower.start();
    }

    /** Values are UTF-8 text; "not avro" cannot be decoded. */
    private static Function<ConsumerRecord<byte[], byte[]>, String> text() {
        return record -> {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            if (value.equals("not avro")) {
                throw new IllegalArgumentException("cannot decode 'not avro': unknown magic byte");
            }
            return value;
        };
    }
}
