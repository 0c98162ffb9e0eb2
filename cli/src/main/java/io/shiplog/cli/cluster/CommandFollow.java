package io.shiplog.cli.cluster;

import io.shiplog.cli.audit.LogOptions;
import io.shiplog.events.Command;
import io.shiplog.events.DeadLetter;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes a command on {@code shiplog.commands} and follows the log for its answer: the events it caused on
 * {@code answers}, or its dead letter (a service refused it), with a progress line on a terminal while waiting.
 */
public final class CommandFollow {

    private static final Duration POLL = Duration.ofMillis(250);

    /** What an event on the followed topics means for the command: not yet (empty), or its exit status. */
    @FunctionalInterface
    public interface Answer {
        Optional<Integer> step(Object event, String commandId);
    }

    private final LogOptions log;
    private final PrintWriter out;
    private final PrintWriter err;

    public CommandFollow(LogOptions log, PrintWriter out, PrintWriter err) {
        this.log = log;
        this.out = out;
        this.err = err;
    }

    /**
     * Publishes {@code command} under {@code key}, prints {@code published}, then runs {@code answer} on every event
     * of {@code answers} until it returns an exit status, a dead letter of the command arrives (exit 1), or
     * {@code timeout} passes (exit 1, naming {@code whoAnswers}).
     */
    public int run(String key, Command command, Function<String, String> published, List<String> answers,
                   Answer answer, Duration timeout, String whoAnswers) {
        String id = command.getMeta().getEventId();
        boolean terminal = System.console() != null;
        List<String> topics = new ArrayList<>(answers);
        topics.add(TopicCatalogue.DLQ.name());
        try (KafkaConsumer<String, Object> consumer = log.followFromEnd(topics.toArray(String[]::new))) {
            RecordMetadata at = log.publishCommand(key, command);
            out.println(published.apply(id));
            out.flush();
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> record : consumer.poll(POLL)) {
                    if (record.value() instanceof DeadLetter dead) {
                        if (dead.getSourceTopic().equals(at.topic()) && dead.getSourcePartition() == at.partition()
                                && dead.getSourceOffset() == at.offset()) {
                            clearProgress(terminal);
                            err.println("refused by " + dead.getConsumer() + ": " + dead.getReason());
                            return 1;
                        }
                        continue;
                    }
                    Optional<Integer> done = answer.step(record.value(), id);
                    if (done.isPresent()) {
                        clearProgress(terminal);
                        out.flush();
                        return done.get();
                    }
                }
                if (terminal) {
                    err.print("\rwaiting for " + whoAnswers + " … " + Duration.ofNanos(System.nanoTime() - start)
                            .toSeconds() + " s ");
                    err.flush();
                }
            }
        }
        clearProgress(terminal);
        err.println("no answer from " + whoAnswers + " within " + timeout.toSeconds() + " s (is it running?)");
        return 1;
    }

    private void clearProgress(boolean terminal) {
        if (terminal) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
