package io.shiplog.gitwriter.edit;

import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.MarkerStyle;
import io.shiplog.gitwriter.manifest.ValuePart;
import io.shiplog.gitwriter.manifest.ValueSlot;
import io.shiplog.policy.Policies;
import io.shiplog.policy.Policy;
import io.shiplog.policy.PolicyEvaluationException;
import io.shiplog.policy.PolicyException;
import io.shiplog.policy.PolicyResult;
import io.shiplog.policy.TagCandidate;
import io.shiplog.schemas.image.ImageReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Decides the new value of a location, by its policy over the known tags ({@link #plan}) or pinned to a given
 * reference ({@link #pin}, for {@code ReleaseImage} and {@code shiplog manifests update --set}). The written
 * repository keeps its spelling; a digest is written when the location tracks one: in its digest part, in a full
 * reference after the tag, or — for a split value with no digest part — after the tag ({@code 1.4.3@sha256:…}).
 */
public final class UpdatePlanner {

    /** How the reason of an update that would write the value already there starts. */
    public static final String ALREADY_AT = "already at ";

    private UpdatePlanner() {
    }

    /** Applies the location's policy to every known tag of its repository. */
    public static LocationUpdate plan(ImageLocation location, Collection<TagCandidate> tags) {
        if (location.locked()) {
            return new LocationUpdate.Locked(location, "locked");
        }
        PolicyResult result;
        try {
            Policy policy = Policies.parse(location.policy());
            result = policy.select(tags, location.current().tag());
        } catch (PolicyException | PolicyEvaluationException e) {
            return new LocationUpdate.Failed(location, e.getMessage());
        }
        if (!(result instanceof PolicyResult.Chosen chosen)) {
            return new LocationUpdate.Unchanged(location, result.reason());
        }
        TagCandidate c = chosen.candidate();
        if (location.trackDigest() && c.digest() == null) {
            return new LocationUpdate.Failed(location, "digest of " + location.current().name() + ":" + c.tag()
                    + " is unknown, and " + location.describe() + " tracks digests");
        }
        ImageReference target = location.current().withTag(c.tag())
                .withDigest(location.trackDigest() ? c.digest() : null);
        return pin(location, target, chosen.reason());
    }

    /** Sets the location to {@code target} (same repository, or another one for a full value). */
    public static LocationUpdate pin(ImageLocation location, ImageReference target, String reason) {
        ImageReference current = location.current();
        boolean sameRepository = target.sameRepository(current);
        String name = sameRepository ? current.name() : target.name();
        ImageReference written = new ImageReference(name, target.registry(), target.path(), target.tag(),
                target.digest());
        boolean fluxSetter = location.style() == MarkerStyle.FLUX_V2;
        if (written.toString().equals(current.toString()) && !(fluxSetter && anySlotDiffers(location, written))) {
            return new LocationUpdate.Unchanged(location, ALREADY_AT + current);
        }
        List<ValueChange> changes = new ArrayList<>();
        for (ValueSlot slot : location.slots()) {
            String value = switch (slot.part()) {
                case FULL -> written.toString();
                // Flux's :name setter receives the policy's image name whatever the value holds
                case REPOSITORY -> fluxSetter ? written.name() : sameRepository ? slot.value() : null;
                case REGISTRY -> sameRepository ? slot.value() : null;
                case TAG -> target.tag() == null ? null
                        : target.tag() + (target.digest() != null && location.trackDigest() && !hasDigestSlot(location)
                        ? "@" + target.digest() : "");
                case DIGEST -> target.digest();
            };
            if (value == null) {
                return new LocationUpdate.Failed(location, location.describe() + ": cannot write " + target
                        + " into its " + slot.part().name().toLowerCase(java.util.Locale.ROOT) + " part " + slot.field());
            }
            if (!value.equals(slot.value())) {
                changes.add(new ValueChange(location.path(), slot, value));
            }
        }
        if (changes.isEmpty()) {
            return new LocationUpdate.Unchanged(location, ALREADY_AT + current);
        }
        return new LocationUpdate.Change(location, written, changes, reason);
    }

    /** Whether a Flux setter's :name, :tag or :digest value differs from what Flux would write now. */
    private static boolean anySlotDiffers(ImageLocation location, ImageReference written) {
        for (ValueSlot slot : location.slots()) {
            String expected = switch (slot.part()) {
                case REPOSITORY -> written.name();
                case TAG -> written.tag();
                case DIGEST -> written.digest();
                default -> slot.value();
            };
            if (expected != null && !expected.equals(slot.value())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDigestSlot(ImageLocation location) {
        return location.slots().stream().anyMatch(s -> s.part() == ValuePart.DIGEST);
    }
}
