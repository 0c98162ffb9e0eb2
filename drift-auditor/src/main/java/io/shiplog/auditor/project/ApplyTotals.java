package io.shiplog.auditor.project;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyCounts;
import io.shiplog.events.Health;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectResult;

/**
 * How many objects a completed apply had, failed, pruned, degraded and progressing: from its counts, which cover the
 * results a large apply left out of its record, or by counting the results of a record written before counts existed.
 */
record ApplyTotals(int objects, int failed, int pruned, int degraded, int progressing) {

    static ApplyTotals of(ApplyCompleted completed) {
        ApplyCounts c = completed.getCounts();
        if (c != null) {
            return new ApplyTotals(c.getCreated() + c.getConfigured() + c.getUnchanged() + c.getPruned()
                    + c.getFailed() + c.getSkipped(), c.getFailed(), c.getPruned(), c.getDegraded(),
                    c.getProgressing());
        }
        int failed = 0;
        int pruned = 0;
        int degraded = 0;
        int progressing = 0;
        for (ObjectResult result : completed.getResults()) {
            failed += result.getAction() == ObjectAction.FAILED ? 1 : 0;
            pruned += result.getAction() == ObjectAction.PRUNED ? 1 : 0;
            degraded += result.getHealth() == Health.DEGRADED ? 1 : 0;
            progressing += result.getHealth() == Health.PROGRESSING ? 1 : 0;
        }
        return new ApplyTotals(completed.getResults().size(), failed, pruned, degraded, progressing);
    }
}
