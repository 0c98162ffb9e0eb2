package io.shiplog.applier.replay;

import java.time.Instant;

/** The commit a cluster's successful apply recorded in {@code shiplog.applies}, and when. */
public record RecordedCommit(String configRepo, String branch, String sha, Instant appliedAt) {
}
