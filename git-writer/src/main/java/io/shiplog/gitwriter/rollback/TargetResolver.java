package io.shiplog.gitwriter.rollback;

import io.shiplog.gitwriter.git.CommitTrailers;
import io.shiplog.gitwriter.git.GitHandler;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/** Finds the commit of the watched branch a {@link RollbackTarget} means. */
public final class TargetResolver {

    /** The target is not a commit of the branch; the message says why. */
    public static final class NotOnBranchException extends Exception {
        public NotOnBranchException(String message) {
            super(message);
        }
    }

    private TargetResolver() {
    }

    /** The commit at or below {@code head} that {@code target} names. */
    public static ObjectId resolve(GitHandler git, ObjectId head, RollbackTarget target)
            throws IOException, NotOnBranchException {
        String branch = "branch " + git.properties().branch() + " of " + git.properties().name();
        try (ObjectReader reader = git.newReader(); RevWalk walk = new RevWalk(reader)) {
            if (target instanceof RollbackTarget.Commit commit) {
                Collection<ObjectId> found = reader.resolve(AbbreviatedObjectId.fromString(commit.sha()));
                if (found.size() > 1) {
                    throw new NotOnBranchException("commit " + commit.sha() + " is ambiguous in " + branch
                            + " (give more digits)");
                }
                if (found.isEmpty() || !isCommit(walk, found.iterator().next())
                        || !walk.isMergedInto(walk.parseCommit(found.iterator().next()), walk.parseCommit(head))) {
                    throw new NotOnBranchException("commit " + commit.sha() + " is not on " + branch);
                }
                return found.iterator().next();
            }
            walk.sort(RevSort.COMMIT_TIME_DESC);
            walk.markStart(walk.parseCommit(head));
            for (RevCommit c : walk) {
                if (target instanceof RollbackTarget.Time time) {
                    if (!c.getCommitterIdent().getWhenAsInstant().isAfter(time.at())) {
                        return c.copy();
                    }
                } else if (target instanceof RollbackTarget.Release release && produced(git, c, release.id())) {
                    return c.copy();
                }
            }
        }
        throw new NotOnBranchException(target instanceof RollbackTarget.Time
                ? "no commit of " + branch + " is as old as " + target.describe().substring("time ".length())
                : "no commit of " + branch + " was made by " + target.describe()
                + " (no Shiplog commit carries it as its correlation or commit id)");
    }

    /**
     * The Shiplog commit at or below {@code head} that names {@code commandEventId} as a cause (so the command was
     * carried out already); null when none does.
     */
    public static ObjectId answering(GitHandler git, ObjectId head, String commandEventId) throws IOException {
        try (ObjectReader reader = git.newReader(); RevWalk walk = new RevWalk(reader)) {
            walk.markStart(walk.parseCommit(head));
            for (RevCommit c : walk) {
                if (CommitTrailers.parse(c.getFullMessage()).getOrDefault(CommitTrailers.CAUSE, List.of())
                        .contains(commandEventId) && git.describe(c).shiplogCommit()) {
                    return c.copy();
                }
            }
        }
        return null;
    }

    private static boolean isCommit(RevWalk walk, ObjectId id) throws IOException {
        try {
            walk.parseCommit(id);
            return true;
        } catch (IncorrectObjectTypeException | MissingObjectException e) {
            return false;
        }
    }

    /** Whether Shiplog made {@code c} for the release: its correlation or commit event id (trailers) is {@code id}. */
    private static boolean produced(GitHandler git, RevCommit c, String id) throws IOException {
        Map<String, List<String>> trailers = CommitTrailers.parse(c.getFullMessage());
        if (!trailers.getOrDefault(CommitTrailers.CORRELATION, List.of()).contains(id)
                && !trailers.getOrDefault(CommitTrailers.COMMIT, List.of()).contains(id)) {
            return false;
        }
        // only a commit Shiplog made counts (describe drops the trailers of a person's commit)
        return git.describe(c).shiplogCommit();
    }
}
