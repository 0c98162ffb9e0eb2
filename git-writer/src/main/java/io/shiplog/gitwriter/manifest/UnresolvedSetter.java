package io.shiplog.gitwriter.manifest;

import io.shiplog.schemas.image.ImageReference;
import java.util.List;

/**
 * A Flux setter ({@code {"$imagepolicy": "<ns>:<name>[:…]"}}) whose ImagePolicy or ImageRepository is not in the
 * repository (they usually live only in the cluster). It follows no policy, but a manual release naming its
 * policy can still set it: {@link #pinnedTo} gives the location it then is.
 *
 * @param policyRef     the setter's {@code <ns>:<name>}
 * @param path          file path in the repository
 * @param documentIndex 0-based YAML document in the file
 * @param object        the Kubernetes object holding it, null for a plain YAML file
 * @param field         YAML path of the value (for split values, the tag's)
 * @param locked        a lock annotation or marker holds it where it is
 * @param slots         the values the setter names
 */
public record UnresolvedSetter(String policyRef, String path, int documentIndex, ObjectRef object, String field,
                               boolean locked, List<ValueSlot> slots) {

    public UnresolvedSetter {
        slots = List.copyOf(slots);
    }

    /** 1-based line of {@link #field()}, where the scan reported the missing ImagePolicy. */
    public int line() {
        return slots.stream().filter(s -> s.field().equals(field)).findFirst().orElse(slots.get(0)).line();
    }

    /** The location of this setter with {@code target}'s repository as the policy's image. */
    public ImageLocation pinnedTo(ImageReference target) {
        ImageReference current = ManifestScanner.fluxCurrent(slots, target.name());
        boolean digest = current.digest() != null || slots.stream().anyMatch(s -> s.part() == ValuePart.DIGEST);
        return new ImageLocation(path, documentIndex, object, field, MarkerStyle.FLUX_V2,
                "ImagePolicy " + policyRef.replace(':', '/') + " not in the repository", policyRef, current, locked,
                digest, slots);
    }
}
