package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.edit.LocationUpdate;
import io.shiplog.gitwriter.edit.UpdatePlanner;
import io.shiplog.gitwriter.git.GitFailure;
import io.shiplog.gitwriter.git.GitHandler;
import io.shiplog.gitwriter.git.NewCommit;
import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ScanResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Where a commit for a pull-request branch ({@code push-branch}) goes, given the watched head:
 * <ul>
 *   <li>no proposal branch yet: on the watched head, creating the branch;</li>
 *   <li>the proposal is a descendant of the watched head: on top of the proposal (a fast-forward), planned at its
 *       tree, so it holds every update;</li>
 *   <li>the proposal is behind (the watched branch moved on) and holds only Shiplog's commits: rebuilt as the
 *       watched head plus every value the proposal changed (carried over) plus the new updates, pushed with a
 *       lease on the proposal's tip (the only non-fast-forward push git-writer makes, and only on its own
 *       proposal branch: otherwise the proposal would conflict with the branch it targets);</li>
 *   <li>the proposal is behind but someone else committed on it: on top of the proposal, never rewritten.</li>
 * </ul>
 *
 * @param base     the parent of the new commit (and the tree it is planned on)
 * @param expected the proposal tip the push expects on the server; null: the branch must not exist
 * @param rewrite  whether the push replaces the proposal (rebuild)
 * @param carried  the proposal's value changes re-applied on the watched head (rebuild only)
 */
record Proposal(ObjectId base, ObjectId expected, boolean rewrite, List<LocationUpdate.Change> carried) {

    /** Reads the proposal branch {@code target} of the remote and decides. Moves the index (callers move it back). */
    static Proposal of(GitHandler git, HeadObserver observer, ObjectId head, String target)
            throws GitFailure, IOException {
        ObjectId tip = git.fetchBranch(target);
        if (tip == null) {
            return new Proposal(head, null, false, List.of());
        }
        if (git.isAncestor(head, tip)) {
            return new Proposal(tip, tip, false, List.of());
        }
        List<NewCommit> own = git.commitsBetween(head, tip);
        if (own.stream().anyMatch(c -> !c.shiplogCommit())) {
            return new Proposal(tip, tip, false, List.of());
        }
        observer.moveIndexTo(tip);
        ScanResult proposed = observer.index().result();
        observer.moveIndexTo(head);
        return new Proposal(head, tip, true, carried(proposed, observer.index().result()));
    }

    /** Each value the proposal holds that differs at the watched head, as a pin to the proposal's value. */
    private static List<LocationUpdate.Change> carried(ScanResult proposed, ScanResult atHead) {
        Map<String, ImageLocation> byKey = new HashMap<>();
        proposed.locations().forEach(l -> byKey.put(key(l), l));
        List<LocationUpdate.Change> out = new ArrayList<>();
        for (ImageLocation l : atHead.locations()) {
            ImageLocation p = byKey.get(key(l));
            if (p != null && !p.current().toString().equals(l.current().toString())
                    && UpdatePlanner.pin(l, p.current(), "still proposed") instanceof LocationUpdate.Change c) {
                out.add(c);
            }
        }
        return out;
    }

    /** The plan with the carried changes first; a change planned for the same value replaces the carried one. */
    BatchPlanner.Plan withCarried(BatchPlanner.Plan plan) {
        if (carried.isEmpty()) {
            return plan;
        }
        Map<String, LocationUpdate.Change> changes = new LinkedHashMap<>();
        carried.forEach(c -> changes.put(key(c.location()), c));
        plan.changes().forEach(c -> {
            changes.remove(key(c.location()));
            changes.put(key(c.location()), c);
        });
        return new BatchPlanner.Plan(List.copyOf(changes.values()), plan.locks(), plan.skipped(), plan.causes(),
                plan.rollbacks());
    }

    private static String key(ImageLocation l) {
        return l.path() + "#" + l.documentIndex() + "#" + l.field();
    }
}
