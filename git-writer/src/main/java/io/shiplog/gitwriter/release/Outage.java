package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.git.GitFailure;

/**
 * Whether a repository's remote is failing, so that an outage is reported once — one WARN line and one
 * {@code CommitFailed} — however many events and retries it spans (even if the reason changes on the way), and
 * again only after it recovered and failed anew. An outage that began with a fetch ends with a working fetch; one that began
 * with a push (a fetch may still work, e.g. a read-only credential) ends only with a working push. Loop thread only.
 */
final class Outage {

    private GitFailure.Reason reason;
    private boolean byPush;
    private boolean reported;

    /** Records a transient failure; true when it begins an outage (log it). */
    boolean failed(GitFailure failure, boolean push) {
        if (reason != null) {
            reason = failure.reason();
            byPush |= push;
            return false;
        }
        reason = failure.reason();
        byPush = push;
        reported = false;
        return true;
    }

    /** True the first time per outage: publish the {@code CommitFailed}. */
    boolean firstReport() {
        if (reported) {
            return false;
        }
        reported = true;
        return true;
    }

    /** Records a working fetch ({@code push} false) or push; true when that ends the outage (log it). */
    boolean worked(boolean push) {
        if (reason == null || (byPush && !push)) {
            return false;
        }
        reason = null;
        byPush = false;
        reported = false;
        return true;
    }

    boolean active() {
        return reason != null;
    }
}
