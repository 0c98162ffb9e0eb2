package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.edit.LocationUpdate;
import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.MarkerStyle;
import io.shiplog.gitwriter.manifest.ObjectRef;

/** One image value a commit changed, and the policy that chose it (the {@code FileChange} of the events). */
public record ChangedValue(String path, int documentIndex, ObjectRef object, String field, String repository,
                           String from, String to, String toTag, String toDigest, String policy, MarkerStyle style) {

    public static ChangedValue of(LocationUpdate.Change change) {
        ImageLocation l = change.location();
        return new ChangedValue(l.path(), l.documentIndex(), l.object(), l.field(), l.repository(),
                change.from().toString(), change.to().toString(), change.to().tag(), change.to().digest(), l.policy(),
                l.style());
    }

    /** The change from a location as scanned before a commit to the same location after it. */
    public static ChangedValue between(ImageLocation before, ImageLocation after) {
        return new ChangedValue(after.path(), after.documentIndex(), after.object(), after.field(),
                after.repository(), before.current().toString(), after.current().toString(), after.current().tag(),
                after.current().digest(), after.policy(), after.style());
    }
}
