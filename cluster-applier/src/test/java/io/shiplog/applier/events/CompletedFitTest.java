package io.shiplog.applier.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.applier.reconcile.Action;
import io.shiplog.applier.reconcile.ApplyReport;
import io.shiplog.applier.reconcile.ApplyRequest;
import io.shiplog.applier.reconcile.Health;
import io.shiplog.applier.reconcile.ObjectOutcome;
import io.shiplog.applier.reconcile.ReconcileOutcome;
import io.shiplog.applier.reconcile.Trigger;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.Meta;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletedFitTest {

    private static final int LIMIT = 1_000_000;
    private static final String LONG = "x".repeat(200);

    @Test
    void aSmallReportIsSentAsItIs() {
        ApplyEvent event = event(List.of(outcome(0, Action.CREATED, null, List.of())));
        assertThat(CompletedFit.fit(event, LIMIT)).isSameAs(event);
    }

    @Test
    void twentyThousandObjectsAreSummarisedUnderTheLimitKeepingCountsAndWhatMatters() {
        List<ObjectOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Action action = i % 1000 == 1 ? Action.FAILED : i % 1000 == 2 ? Action.SKIPPED
                    : i % 1000 == 3 ? Action.PRUNED : i % 2 == 0 ? Action.UNCHANGED : Action.CONFIGURED;
            List<String> images = i % 500 == 4 ? List.of("ghcr.io/acme/web:1.2.3") : List.of();
            outcomes.add(outcome(i, action, action == Action.FAILED ? "refused: " + "y".repeat(5000) : null,
                    images));
        }
        ApplyEvent event = event(outcomes);
        assertThat(CompletedFit.size(event.getSchema(), event)).isGreaterThan(LIMIT);

        ApplyEvent fitted = CompletedFit.fit(event, LIMIT);

        assertThat(CompletedFit.size(fitted.getSchema(), fitted))
                .isLessThanOrEqualTo(LIMIT - CompletedFit.FRAMING_BYTES);
        ApplyCompleted summary = (ApplyCompleted) fitted.getPayload();
        assertThat(summary.getResults().size() + summary.getOmittedResults()).isEqualTo(20_000);
        assertThat(summary.getOmittedResults()).isPositive();
        assertThat(summary.getCounts().getFailed()).isEqualTo(20);
        assertThat(summary.getCounts().getSkipped()).isEqualTo(20);
        assertThat(summary.getCounts().getPruned()).isEqualTo(20);
        assertThat(summary.getCounts().getUnchanged() + summary.getCounts().getConfigured()).isEqualTo(19_940);
        assertThat(summary.getResults()).filteredOn(r -> r.getAction() == ObjectAction.FAILED).hasSize(20)
                .allMatch(r -> r.getMessage().length() <= CompletedFit.SUMMARY_MESSAGE_CHARS + 1);
        assertThat(summary.getResults()).filteredOn(r -> r.getAction() == ObjectAction.SKIPPED).hasSize(20);
        assertThat(summary.getResults()).filteredOn(r -> r.getAction() == ObjectAction.PRUNED).hasSize(20);
        assertThat(summary.getResults()).filteredOn(r -> !r.getImages().isEmpty()).hasSize(40);
        assertThat(summary.getResults()).extracting(r -> index(r)).isSorted();
    }

    private static int index(ObjectResult result) {
        return Integer.parseInt(result.getObject().getName().substring(LONG.length() + 1));
    }

    private static ObjectOutcome outcome(int i, Action action, String message, List<String> images) {
        return new ObjectOutcome(new ObjectKey("", "ConfigMap", "team", LONG + "-" + i), "v1", action, message,
                Health.UNKNOWN, images, action == Action.PRUNED ? null : "apps/" + LONG + "-" + i + ".yaml");
    }

    private static ApplyEvent event(List<ObjectOutcome> outcomes) {
        ApplyRequest request = new ApplyRequest("config", "main", "a".repeat(40), Trigger.COMMIT, List.of(), null);
        ReconcileOutcome.Completed completed = new ReconcileOutcome.Completed(request, Instant.now(), 10, "prod",
                outcomes);
        Meta meta = Meta.newBuilder().setEventId("e").setOccurredAt(Instant.now()).setProducer("test")
                .setCorrelationId("c").build();
        return ApplyEventConverter.toAvro(new ApplyReport.Completed("prod", completed), meta);
    }
}
