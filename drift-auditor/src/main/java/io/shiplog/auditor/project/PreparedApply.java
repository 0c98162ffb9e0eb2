package io.shiplog.auditor.project;

import io.shiplog.auditor.project.ProjectionState.Placement;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.events.ObjectResult;
import io.shiplog.schemas.image.ImageReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the rows of a completed apply need of the apply alone, nothing of the store: its totals, each result's object
 * source key, the workload images as placements (parsed) and the workloads an apply too large to report every object
 * names. Worked out on the follower's thread ({@link #of(Object, long, ParsedImages)}) while the writer's thread writes
 * the chunk before, which then only looks the keys up and binds the values.
 *
 * @param totals     {@link ApplyTotals#of}
 * @param sourceKeys each result's {@link ProjectionState#sourceKey}, null where it has no source path
 * @param placements the workload images of the results not pruned, in order ({@code since}: the apply's time)
 * @param reported   the workloads named, null when the apply reported every object
 */
record PreparedApply(ApplyTotals totals, String[] sourceKeys, List<Placement> placements, Set<String> reported) {

    /** The prepared rows of {@code envelope} when it is a completed apply, else null. */
    static PreparedApply of(Object envelope, long seq, ParsedImages images) {
        if (envelope instanceof ApplyEvent e && e.getPayload() instanceof ApplyCompleted c) {
            return of(c, e.getMeta().getOccurredAt().toEpochMilli(), seq, images);
        }
        return null;
    }

    static PreparedApply of(ApplyCompleted apply, long at, long seq, ParsedImages images) {
        List<ObjectResult> results = apply.getResults();
        String[] sourceKeys = new String[results.size()];
        List<Placement> placements = new ArrayList<>();
        Set<String> reported = apply.getOmittedResults() > 0 ? new HashSet<>() : null;
        for (int i = 0; i < results.size(); i++) {
            ObjectResult result = results.get(i);
            ObjectRef o = result.getObject();
            if (result.getSourcePath() != null) {
                sourceKeys[i] = ProjectionState.sourceKey(o.getKind(), o.getNamespace(), o.getName(),
                        result.getSourcePath());
                sourceKeys[i].hashCode(); // kept by the string: the writer's lookup only compares
            }
            if (reported != null) {
                reported.add(PlacementTracker.workload(o.getKind(), o.getNamespace(), o.getName()));
            }
            if (result.getAction() == ObjectAction.PRUNED) {
                continue;
            }
            for (String image : result.getImages()) {
                // an image that is no valid reference stays as written: listed with its workload, joined to nothing
                Optional<ImageReference> ref = images.image(image);
                Placement placement = new Placement(o.getKind(), o.getNamespace(), o.getName(),
                        ref.map(ImageReference::repository).orElse(image), image,
                        ref.map(ImageReference::tag).orElse(null), ref.map(ImageReference::digest).orElse(null), at,
                        seq);
                placement.workloadImage().hashCode(); // its strings keep their hashes for the writer's lookups
                placements.add(placement);
            }
        }
        return new PreparedApply(ApplyTotals.of(apply), sourceKeys, placements, reported);
    }
}
