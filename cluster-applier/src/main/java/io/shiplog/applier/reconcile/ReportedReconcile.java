package io.shiplog.applier.reconcile;

/**
 * A reconciliation as the log tells it: {@code ApplyStarted} once the commit is loaded and the cluster answers,
 * {@code ApplyCompleted} with one result per object. A failure is returned unreported: the caller knows the attempt
 * and the next retry its {@code ApplyFailed} carries.
 */
public final class ReportedReconcile {

    private ReportedReconcile() {
    }

    /** Reconciles {@code request} with {@code reconciler}, reporting Started and Completed to {@code reporter}. */
    public static ReconcileOutcome run(Reconciler reconciler, String cluster, ApplyRequest request,
                                       ApplyReporter reporter) throws InterruptedException {
        Preparation preparation = reconciler.prepare(request);
        if (!(preparation instanceof Preparation.Ready ready)) {
            return ((Preparation.Failed) preparation).outcome();
        }
        reporter.report(new ApplyReport.Started(cluster, ready.request(), ready.paths(), ready.objectCount()));
        ReconcileOutcome outcome = reconciler.apply(ready);
        if (outcome instanceof ReconcileOutcome.Completed completed) {
            reporter.report(new ApplyReport.Completed(cluster, completed));
        }
        return outcome;
    }
}
