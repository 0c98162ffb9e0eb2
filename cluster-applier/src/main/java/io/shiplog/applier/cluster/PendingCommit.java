package io.shiplog.applier.cluster;

import io.shiplog.applier.cluster.Inbound.DesiredCommit;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest commit a cluster has yet to apply, and the older ones it passed over on the way, in log order.
 * Folding a newer commit in moves the current one to the skipped list; the same sha twice is one commit.
 */
public record PendingCommit(DesiredCommit commit, List<String> skipped) {

    public PendingCommit {
        skipped = List.copyOf(skipped);
    }

    public static PendingCommit of(DesiredCommit commit) {
        return new PendingCommit(commit, List.of());
    }

    /**
     * This pending commit with {@code newer} on top.
     *
     * @param applied the commit the cluster already has (not reported as skipped), or null
     */
    public PendingCommit fold(DesiredCommit newer, String applied) {
        if (newer.sha().equals(commit.sha())) {
            return this;
        }
        List<String> passed = new ArrayList<>(skipped);
        if (!commit.sha().equals(applied) && !passed.contains(commit.sha())) {
            passed.add(commit.sha());
        }
        passed.remove(newer.sha());
        return new PendingCommit(newer, passed);
    }
}
