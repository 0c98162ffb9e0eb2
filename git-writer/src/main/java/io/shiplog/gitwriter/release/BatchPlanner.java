package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.edit.LocationUpdate;
import io.shiplog.gitwriter.edit.UpdatePlanner;
import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.policy.Policies;
import io.shiplog.policy.PolicyResult;
import io.shiplog.policy.TagCandidate;
import io.shiplog.schemas.event.EventCause;
import io.shiplog.schemas.image.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides what one batch of work changes at one scanned head: for a tag event every location of its repository is
 * planned by its policy over all known tags; a release pins them. Work that changes nothing becomes a
 * {@link CommitRecord.Skipped} with the reason. Since edits derive from desired state, planning again on a newer
 * head after a lost push race is just calling this again. Pure.
 */
public final class BatchPlanner {

    private BatchPlanner() {
    }

    /**
     * The changes of a batch (one per location, later work winning) and what was skipped; {@code rollbacks} describe
     * the rollbacks among them for the commit message.
     */
    public record Plan(List<LocationUpdate.Change> changes, List<LockChange> locks,
                       List<CommitRecord.Skipped> skipped, List<EventCause> causes, List<String> rollbacks) {

        public Plan(List<LocationUpdate.Change> changes, List<LockChange> locks, List<CommitRecord.Skipped> skipped,
                    List<EventCause> causes) {
            this(changes, locks, skipped, causes, List.of());
        }

        public boolean empty() {
            return changes.isEmpty() && locks.isEmpty();
        }
    }

    public static Plan plan(ScanResult scan, TagStore tags, List<Work> work) {
        return plan(scan, tags, work, r -> RollbackScan.refused("the target commit was not looked up"));
    }

    /** With the target of each rollback in the batch looked up by {@code rollbacks}. */
    public static Plan plan(ScanResult scan, TagStore tags, List<Work> work,
                            Function<Work.Rollback, RollbackScan> rollbacks) {
        List<String> rolledBack = new ArrayList<>();
        Map<String, LocationUpdate.Change> changes = new LinkedHashMap<>();
        Map<String, EventCause> changedBy = new LinkedHashMap<>();
        List<CommitRecord.Skipped> skipped = new ArrayList<>();
        Set<EventCause> causes = new LinkedHashSet<>();
        Map<String, LockChange> locks = new LinkedHashMap<>();
        Set<String> lockedNow = new java.util.HashSet<>();
        for (Work item : work) {
            if (item instanceof Work.Lock lock) {
                planLock(scan, lock, locks, lockedNow, skipped);
                continue;
            }
            if (item instanceof Work.Rollback rollback) {
                RollbackScan target = rollbacks.apply(rollback);
                RollbackPlanning.Planned planned = RollbackPlanning.plan(scan, rollback, target);
                skipped.addAll(planned.skipped());
                if (!planned.changes().isEmpty()) {
                    rolledBack.add(planned.description());
                }
                planned.changes().forEach(change -> {
                    changes.put(change.location().key(), change);
                    changedBy.putIfAbsent(change.location().key() + "#" + rollback.cause().eventId(),
                            rollback.cause());
                });
                planned.locks().forEach(l -> {
                    String doc = l.path() + "#" + l.documentIndex();
                    locks.remove(doc + "#null");
                    locks.put(doc + "#null", l);
                    lockedNow.add(doc);
                });
                continue;
            }
            if (item instanceof Work.TagUpdate update) {
                List<ImageLocation> locations = scan.locationsOf(update.repository());
                if (locations.isEmpty()) {
                    skipped.add(skip(update.repository(), update.tag(), update.digest(),
                            CommitRecord.SkipReason.NO_USAGE, "no manifest of this branch uses the repository", null,
                            null, update.cause()));
                    continue;
                }
                List<TagCandidate> known = tags.of(update.repository());
                TagCandidate pushed = known.stream().filter(c -> c.tag().equals(update.tag())).findFirst()
                        .orElse(new TagCandidate(update.tag(), update.digest(), null));
                for (ImageLocation location : locations) {
                    LocationUpdate result = UpdatePlanner.plan(lockedIn(location, lockedNow), known);
                    record(result, update.repository(), update.tag(), update.digest(), update.cause(), changes,
                            changedBy, skipped, SkipReasons.forTag(result, pushed));
                }
            } else if (item instanceof Work.Reevaluate reevaluate) {
                List<TagCandidate> known = tags.of(reevaluate.repository());
                for (ImageLocation location : scan.locationsOf(reevaluate.repository())) {
                    if (reevaluate.locations().contains(location.key())
                            && UpdatePlanner.plan(lockedIn(location, lockedNow), known)
                            instanceof LocationUpdate.Change change) {
                        changes.put(location.key(), change);
                        changedBy.putIfAbsent(location.key() + "#" + reevaluate.cause().eventId(),
                                reevaluate.cause());
                    }
                }
            } else if (item instanceof Work.Release release) {
                if (release.refused() != null) {
                    skipped.add(skip(release.repository(), release.tag(), release.digest(),
                            CommitRecord.SkipReason.UNKNOWN_DIGEST, release.refused(), null, null, release.cause()));
                    continue;
                }
                List<ImageLocation> locations = scan.locationsOf(release.repository());
                if (locations.isEmpty()) {
                    skipped.add(skip(release.repository(), release.tag(), release.digest(),
                            CommitRecord.SkipReason.NO_USAGE, "no manifest of this branch uses the repository", null,
                            null, release.cause()));
                    continue;
                }
                List<String> refusals = release.refusals(locations);
                if (!refusals.isEmpty()) {
                    // a mistyped app or cluster must not leave half a release: nothing moves until each names a place
                    refusals.forEach(why -> skipped.add(skip(release.repository(), release.tag(), release.digest(),
                            CommitRecord.SkipReason.NO_USAGE, why, null, null, release.cause())));
                    continue;
                }
                for (ImageLocation location : locations) {
                    if (!release.moves(location)) {
                        continue;
                    }
                    LocationUpdate result = release(lockedIn(location, lockedNow), release);
                    record(result, release.repository(), release.tag(), release.digest(), release.cause(), changes,
                            changedBy, skipped, SkipReasons.forRelease(result));
                }
            }
        }
        changedBy.values().forEach(causes::add);
        locks.values().forEach(l -> causes.add(l.cause()));
        return new Plan(List.copyOf(changes.values()), List.copyOf(locks.values()), skipped, List.copyOf(causes),
                List.copyOf(rolledBack));
    }

    /** One lock command: a change per matching document (the editor later finds out whether it is a no-op). */
    private static void planLock(ScanResult scan, Work.Lock lock, Map<String, LockChange> locks,
                                 Set<String> lockedNow, List<CommitRecord.Skipped> skipped) {
        Map<String, ImageLocation> documents = new LinkedHashMap<>();
        for (ImageLocation l : scan.locations()) {
            if (lock.workload().matches(l)) {
                documents.putIfAbsent(l.path() + "#" + l.documentIndex(), l);
            }
        }
        if (documents.isEmpty()) {
            skipped.add(skip(lock.workload().describe(), "", null, CommitRecord.SkipReason.NO_USAGE,
                    (lock.lock() ? "lock" : "unlock") + ": no automated workload matches "
                            + lock.workload().describe(), lock.workload().path(), null, lock.cause()));
            return;
        }
        documents.forEach((doc, l) -> {
            String key = doc + "#" + lock.container();
            locks.remove(key);
            locks.put(key, new LockChange(l.path(), l.documentIndex(), l.object(), lock.container(), lock.lock(),
                    lock.requestedBy(), lock.reason(), lock.cause()));
            if (lock.container() == null) {
                if (lock.lock()) {
                    lockedNow.add(doc);
                } else {
                    lockedNow.remove(doc);
                }
            }
        });
    }

    /** The location as a lock planned earlier in the batch leaves it (an unlock takes effect in the next batch). */
    private static ImageLocation lockedIn(ImageLocation location, Set<String> lockedNow) {
        return lockedNow.contains(location.path() + "#" + location.documentIndex()) ? location.withLocked(true)
                : location;
    }

    private static LocationUpdate release(ImageLocation location, Work.Release release) {
        if (location.locked()) {
            return new LocationUpdate.Locked(location, "locked");
        }
        if (!release.ignorePolicy()) {
            PolicyResult accepted;
            try {
                accepted = Policies.parse(location.policy()).select(
                        List.of(new TagCandidate(release.tag(), release.digest(), null)), null);
            } catch (RuntimeException e) {
                return new LocationUpdate.Failed(location, e.getMessage());
            }
            if (!(accepted instanceof PolicyResult.Chosen)) {
                return new LocationUpdate.Unchanged(location, "release of " + release.tag() + " refused by policy "
                        + location.policy() + " (" + accepted.reason() + "); set ignorePolicy to force it");
            }
        }
        ImageReference target = location.current().withTag(release.tag()).withDigest(release.digest());
        return UpdatePlanner.pin(location, target, "release " + release.tag()
                + (release.apps().all() ? "" : " to " + release.apps()) + " by " + release.requestedBy());
    }

    private static void record(LocationUpdate result, String repository, String tag, String digest, EventCause cause,
                               Map<String, LocationUpdate.Change> changes, Map<String, EventCause> changedBy,
                               List<CommitRecord.Skipped> skipped, SkipReasons.Reason why) {
        ImageLocation l = result.location();
        String key = l.key();
        if (result instanceof LocationUpdate.Change change) {
            changes.put(key, change);
            changedBy.putIfAbsent(key + "#" + cause.eventId(), cause);
            return;
        }
        if (changes.containsKey(key)) {
            return;
        }
        skipped.add(skip(repository, tag, digest, why.reason(), l.describe() + ": " + why.detail(), l.path(),
                l.policy(), cause));
    }

    private static CommitRecord.Skipped skip(String repository, String tag, String digest,
                                             CommitRecord.SkipReason reason, String detail, String path, String policy,
                                             EventCause cause) {
        return new CommitRecord.Skipped(repository, tag, digest, reason, detail, path, policy, cause);
    }
}
