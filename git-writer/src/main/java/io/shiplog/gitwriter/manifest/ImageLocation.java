package io.shiplog.gitwriter.manifest;

import io.shiplog.schemas.image.ImageReference;
import java.util.List;

/**
 * One automated image in the config repository.
 *
 * @param path         file path in the repository ({@code /}-separated)
 * @param documentIndex 0-based YAML document in the file
 * @param object       the Kubernetes object holding it, null for a plain YAML file (e.g. Helm values)
 * @param field        YAML path of the value (for split values, the tag's, else the first part's)
 * @param style        how it was declared
 * @param policy       the policy spec ({@code semver:^1.4}), normalised
 * @param policyRef    what the declaration names: {@code <ns>:<name>} of a Flux ImagePolicy, else null
 * @param current      the image now in the file (for split values, combined from the parts)
 * @param locked       a lock annotation or marker holds it where it is
 * @param trackDigest  the value carries a digest that must follow the chosen tag
 * @param slots        the values to rewrite: one FULL slot, or the parts of a split value
 */
public record ImageLocation(String path, int documentIndex, ObjectRef object, String field, MarkerStyle style,
                            String policy, String policyRef, ImageReference current, boolean locked,
                            boolean trackDigest, List<ValueSlot> slots) {

    public ImageLocation {
        slots = List.copyOf(slots);
    }

    /** Canonical repository ({@code ghcr.io/acme/app}). */
    public String repository() {
        return current.repository();
    }

    /** 1-based line of {@link #field()}. */
    public int line() {
        return slots.stream().filter(s -> s.field().equals(field)).findFirst().orElse(slots.get(0)).line();
    }

    /** {@code path:line field}, for messages. */
    public String describe() {
        return path + ":" + line() + " " + field;
    }

    /** What identifies the location within a commit: its file, document and field. */
    public String key() {
        return path + "#" + documentIndex + "#" + field;
    }

    public ImageLocation withLocked(boolean value) {
        return new ImageLocation(path, documentIndex, object, field, style, policy, policyRef, current, value,
                trackDigest, slots);
    }
}
