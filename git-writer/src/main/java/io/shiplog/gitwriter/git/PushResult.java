package io.shiplog.gitwriter.git;

/** What became of one push. */
public sealed interface PushResult {

    /** The branch now points at the commit. */
    record Pushed(String branch) implements PushResult {
    }

    /** The branch moved on the server since it was fetched (someone else pushed): fetch, recompute, retry. */
    record Stale(String message) implements PushResult {
    }
}
