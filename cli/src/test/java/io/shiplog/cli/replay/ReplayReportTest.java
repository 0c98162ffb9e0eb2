package io.shiplog.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyCounts;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.events.ObjectResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayReportTest {

    @Test
    void aSummarisedApplyIsReportedWithItsCountsAndSaysResultsWereLeftOut() {
        ObjectResult failed = ObjectResult.newBuilder().setAction(ObjectAction.FAILED).setMessage("refused")
                .setObject(ObjectRef.newBuilder().setVersion("v1").setKind("ConfigMap").setName("bad").build())
                .build();
        ApplyCompleted completed = ApplyCompleted.newBuilder().setCluster("prod").setConfigRepo("config")
                .setBranch("main").setCommitSha("abc").setTrigger(ApplyTrigger.REPLAY).setStartedAt(Instant.now())
                .setDurationMs(12).setStatus(ApplyStatus.PARTIALLY_FAILED).setResults(List.of(failed))
                .setCounts(ApplyCounts.newBuilder().setUnchanged(19_999).setFailed(1).build())
                .setOmittedResults(19_999).build();
        StringWriter text = new StringWriter();

        int code = ReplayClusterCommand.report(completed, new PrintWriter(text, true));

        assertThat(code).isEqualTo(1);
        assertThat(text.toString()).contains("{UNCHANGED=19999, FAILED=1}", "19999 object results were left out",
                "failed ConfigMap/bad: refused");
    }
}
