package io.shiplog.gitwriter.edit;

import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.schemas.image.ImageReference;
import java.util.List;

/** What to do with one image location: change it, or why not. */
public sealed interface LocationUpdate {

    ImageLocation location();

    String reason();

    /** Rewrite {@code changes} so the location holds {@code to}. */
    record Change(ImageLocation location, ImageReference to, List<ValueChange> changes, String reason)
            implements LocationUpdate {
        public Change {
            changes = List.copyOf(changes);
        }

        public ImageReference from() {
            return location.current();
        }
    }

    /** Nothing to do: already there, or the policy keeps the current value or found no candidate. */
    record Unchanged(ImageLocation location, String reason) implements LocationUpdate {
    }

    /** A lock annotation or marker holds the location. */
    record Locked(ImageLocation location, String reason) implements LocationUpdate {
    }

    /** The policy failed (e.g. its regex exceeded the evaluation budget) or the value cannot take the target. */
    record Failed(ImageLocation location, String reason) implements LocationUpdate {
    }
}
