package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.edit.LocationUpdate;
import io.shiplog.gitwriter.edit.UpdatePlanner;
import io.shiplog.policy.Policies;
import io.shiplog.policy.PolicyResult;
import io.shiplog.policy.TagCandidate;
import java.util.List;

/**
 * Why a tag or a release left one image location as it was, judged for the tag the event is about: a pushed tag
 * outside the location's policy is "not selected by the policy", even when the policy's choice among all known tags
 * happens to be the value the manifest already holds.
 */
final class SkipReasons {

    /** The reason recorded in {@code UpdateSkipped} and a one-line detail. */
    record Reason(CommitRecord.SkipReason reason, String detail) {
    }

    private SkipReasons() {
    }

    /** For a tag event ({@code pushed}, with the digest and creation time known for it) that changed nothing. */
    static Reason forTag(LocationUpdate result, TagCandidate pushed) {
        if (result instanceof LocationUpdate.Locked || result instanceof LocationUpdate.Failed
                || result instanceof LocationUpdate.Change) {
            return common(result);
        }
        String current = result.location().current().tag();
        PolicyResult alone;
        try {
            alone = Policies.parse(result.location().policy()).select(List.of(pushed), current);
        } catch (RuntimeException e) {
            return new Reason(CommitRecord.SkipReason.OTHER, result.reason());
        }
        if (alone instanceof PolicyResult.NoMatch noMatch) {
            return new Reason(CommitRecord.SkipReason.NOT_SELECTED_BY_POLICY, pushed.tag()
                    + " is not selected by policy " + result.location().policy() + " (" + noMatch.reason() + ")");
        }
        if (pushed.tag().equals(current)) {
            return new Reason(CommitRecord.SkipReason.ALREADY_CURRENT, result.reason());
        }
        if (alone instanceof PolicyResult.KeepCurrent keep) {
            return new Reason(CommitRecord.SkipReason.NOT_NEWER, pushed.tag() + " does not rank above " + current
                    + " under policy " + result.location().policy() + " (" + keep.reason() + ")");
        }
        return new Reason(CommitRecord.SkipReason.NOT_SELECTED_BY_POLICY, pushed.tag() + " is not the choice of policy "
                + result.location().policy() + ": " + result.reason());
    }

    /** For a release (a pin to one tag, through the policy unless forced) that changed nothing. */
    static Reason forRelease(LocationUpdate result) {
        if (result instanceof LocationUpdate.Unchanged unchanged) {
            return new Reason(unchanged.reason().startsWith(UpdatePlanner.ALREADY_AT)
                    ? CommitRecord.SkipReason.ALREADY_CURRENT : CommitRecord.SkipReason.NOT_SELECTED_BY_POLICY,
                    unchanged.reason());
        }
        return common(result);
    }

    private static Reason common(LocationUpdate result) {
        CommitRecord.SkipReason reason = result instanceof LocationUpdate.Locked ? CommitRecord.SkipReason.LOCKED
                : CommitRecord.SkipReason.OTHER;
        return new Reason(reason, result.reason());
    }
}
