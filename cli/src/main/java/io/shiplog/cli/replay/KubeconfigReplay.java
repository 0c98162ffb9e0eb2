package io.shiplog.cli.replay;

import io.shiplog.applier.config.ApplierConfigFile;
import io.shiplog.applier.config.ApplierProperties;
import io.shiplog.applier.events.KafkaApplyReporter;
import io.shiplog.applier.reconcile.Action;
import io.shiplog.applier.reconcile.ApplyReport;
import io.shiplog.applier.reconcile.ApplyReporter;
import io.shiplog.applier.reconcile.ObjectOutcome;
import io.shiplog.applier.reconcile.ReconcileOutcome;
import io.shiplog.applier.replay.AppliesHistory;
import io.shiplog.applier.replay.DirectReplay;
import io.shiplog.applier.replay.ReplayPlanner;
import io.shiplog.applier.replay.ReplayRequest;
import io.shiplog.schemas.event.EventCause;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.registry.HttpSchemaRegistryClient;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code shiplog replay cluster --kubeconfig K}: the replay runs in the CLI's own process with the applier's code
 * ({@link DirectReplay}): the commit is chosen from {@code shiplog.applies} as the applier would choose it, the
 * cluster's repository, paths and namespace options come from the applier configuration file, and the objects go
 * to the API server of K. The applies are recorded on {@code shiplog.applies} with trigger {@code REPLAY}; nothing
 * is sent on {@code shiplog.commands}, so no running applier acts and K's credentials never leave this machine.
 */
final class KubeconfigReplay {

    /** What the command was given. */
    record Options(String cluster, Instant at, String commit, Path kubeconfig, String context, Path config,
                   String requestedBy, Map<String, Object> kafka) {
    }

    private final PrintWriter out;
    private final PrintWriter err;

    KubeconfigReplay(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the replay; the exit status: 0 every object applied, 1 anything failed, 2 unusable configuration. */
    int run(Options options) throws InterruptedException {
        ApplierProperties config;
        try {
            config = ApplierConfigFile.load(options.config());
        } catch (IllegalArgumentException e) {
            err.println("shiplog replay cluster: " + e.getMessage());
            return 2;
        }
        MetaFactory meta = new MetaFactory("shiplog-cli/" + options.requestedBy());
        String correlation = UUID.randomUUID().toString();
        ReplayRequest request = new ReplayRequest(options.cluster(), options.cluster(), options.at(),
                options.commit(), options.requestedBy(), new EventCause(correlation, null));
        KafkaEdge edge = KafkaEdge.forReading(options.kafka(), HttpSchemaRegistryClient.fromConfigs(options.kafka()));
        AppliesHistory history = AppliesHistory.from(edge);
        try (Producer<String, Object> producer = producer(options.kafka())) {
            ApplyReporter kafka = new KafkaApplyReporter(EventSink.of(producer), meta);
            ApplyReporter reporter = report -> {
                kafka.report(report);
                progress(report);
            };
            DirectReplay replay;
            try {
                replay = DirectReplay.prepare(config, options.cluster(), options.kubeconfig(), options.context(),
                        new ReplayPlanner(history), reporter);
            } catch (IllegalArgumentException | IllegalStateException e) {
                err.println("shiplog replay cluster: " + options.config() + ": " + e.getMessage());
                return 2;
            }
            try (replay) {
                out.println("replaying " + request.describe() + " into the API server of " + options.kubeconfig()
                        + " (in this process; release " + correlation + ")");
                ReconcileOutcome outcome = replay.run(request);
                return outcome instanceof ReconcileOutcome.Completed completed
                        && completed.status() == ReconcileOutcome.Status.SUCCEEDED ? 0 : 1;
            }
        }
    }

    private void progress(ApplyReport report) {
        if (report instanceof ApplyReport.Started started) {
            out.println("applying commit " + started.request().commitSha() + " to " + started.cluster() + ": "
                    + started.objectCount() + " objects");
        } else if (report instanceof ApplyReport.Completed completed) {
            ReconcileOutcome.Completed outcome = completed.outcome();
            Map<Action, Integer> counts = new EnumMap<>(Action.class);
            outcome.results().forEach(r -> counts.merge(r.action(), 1, Integer::sum));
            out.println("replayed commit " + outcome.request().commitSha() + " to " + completed.cluster() + " in "
                    + outcome.durationMs() + " ms: " + outcome.status() + " " + counts);
            for (ObjectOutcome result : outcome.results()) {
                if (result.action() == Action.FAILED) {
                    out.println("  failed " + result.key() + ": " + result.message());
                }
            }
        } else if (report instanceof ApplyReport.Failed failed) {
            err.println("replay failed (" + failed.outcome().reason() + "): " + failed.outcome().message());
        }
    }

    private static Producer<String, Object> producer(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", ShiplogAvroSerializer.class.getName());
        config.put("acks", "all");
        config.put("enable.idempotence", true);
        return new KafkaProducer<>(config);
    }
}
