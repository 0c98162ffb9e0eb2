package io.shiplog.scanner.watch;

import io.shiplog.events.ImageUsage;
import io.shiplog.events.WatchedImage;
import io.shiplog.policy.Policies;
import io.shiplog.policy.PolicyException;
import io.shiplog.scanner.scan.ScanNeeds;
import io.shiplog.schemas.image.ImageReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies of a watch list entry as {@link ScanNeeds}: each usage's policy with the tag its manifest holds, and
 * every listed policy no usage names. A policy that does not parse is left out (git-writer cannot apply it either);
 * an entry with no policy needs everything.
 */
final class WatchedPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(WatchedPolicies.class);
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private WatchedPolicies() {
    }

    static ScanNeeds needs(WatchedImage watched) {
        List<ScanNeeds.Use> uses = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (ImageUsage usage : watched.getUsages()) {
            named.add(usage.getPolicy());
            use(watched, usage.getPolicy(), currentTag(usage.getCurrentValue())).ifPresent(uses::add);
        }
        for (String policy : watched.getPolicies()) {
            if (named.add(policy)) {
                use(watched, policy, null).ifPresent(uses::add);
            }
        }
        if (uses.isEmpty() && !named.isEmpty()) {
            // only unusable policies: nothing chooses, so nothing is read beyond the tag list and tracked tags
            return ScanNeeds.tagsOnly();
        }
        return ScanNeeds.of(uses);
    }

    private static Optional<ScanNeeds.Use> use(WatchedImage watched, String spec, String currentTag) {
        try {
            return Optional.of(new ScanNeeds.Use(Policies.parse(spec), currentTag));
        } catch (PolicyException e) {
            LOG.warn("repository {}: policy of config repository {} is ignored by the scanner: {}",
                    watched.getRepository(), watched.getConfigRepo(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The tag of a usage's current value: a whole reference's tag, or the value itself when it is a bare tag. */
    static String currentTag(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Optional<ImageReference> reference = ImageReference.tryParse(value);
        if (reference.isPresent() && reference.get().tag() != null && value.contains("/")) {
            return reference.get().tag();
        }
        String bare = value.contains("@") ? value.substring(0, value.indexOf('@')) : value;
        if (reference.isPresent() && reference.get().tag() != null && !TAG.matcher(bare).matches()) {
            return reference.get().tag();
        }
        return TAG.matcher(bare).matches() ? bare : null;
    }
}
