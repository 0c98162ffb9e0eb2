package io.shiplog.gitwriter.edit;

import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.gitwriter.manifest.UnresolvedSetter;
import io.shiplog.schemas.image.ImageReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A manual release: every location selected by {@code selector} — an image repository in any spelling, or a Flux
 * policy reference {@code <ns>:<name>} — is set to {@code target}, optionally only in some files. This is
 * {@code ReleaseImage} and {@code shiplog manifests update --set selector=target}.
 */
public record Pin(String selector, ImageReference target) {

    /** Parses {@code selector=image-ref}; throws {@link IllegalArgumentException} naming the input. */
    public static Pin parse(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0 || eq == assignment.length() - 1) {
            throw new IllegalArgumentException("expected <repository-or-policy-ref>=<image-ref>, got '" + assignment + "'");
        }
        String selector = assignment.substring(0, eq).strip();
        ImageReference target;
        try {
            target = ImageReference.parse(assignment.substring(eq + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("in '" + assignment + "': " + e.getMessage());
        }
        if (target.tag() == null && target.digest() == null) {
            throw new IllegalArgumentException("in '" + assignment + "': the image reference needs a tag or a digest");
        }
        return new Pin(selector, target);
    }

    /** Whether this pin selects {@code location}. */
    public boolean selects(ImageLocation location) {
        if (selector.equals(location.policyRef())) {
            return true;
        }
        try {
            return ImageReference.canonicalRepository(selector).equals(location.repository());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * {@link #plan(Collection, Collection)} over a scan's locations and, when the selector is a Flux policy
     * reference, the setters naming it whose ImagePolicy is not in the repository (Flux keeps those in the
     * cluster): they are set as Flux would set them, with the target's repository as the policy's image.
     */
    public List<LocationUpdate> plan(ScanResult scan, Collection<String> paths) {
        List<ImageLocation> locations = new ArrayList<>(scan.locations());
        for (UnresolvedSetter setter : scan.unresolvedSetters()) {
            if (setter.policyRef().equals(selector)) {
                locations.add(setter.pinnedTo(target));
            }
        }
        return plan(locations, paths);
    }

    /**
     * The update of every selected location ({@code paths} empty means everywhere); locked locations come back as
     * {@link LocationUpdate.Locked}.
     */
    public List<LocationUpdate> plan(Collection<ImageLocation> locations, Collection<String> paths) {
        List<LocationUpdate> out = new ArrayList<>();
        for (ImageLocation location : locations) {
            if (!selects(location) || (!paths.isEmpty() && !paths.contains(location.path()))) {
                continue;
            }
            out.add(location.locked() ? new LocationUpdate.Locked(location, "locked")
                    : UpdatePlanner.pin(location, target, "release " + target));
        }
        return out;
    }
}
