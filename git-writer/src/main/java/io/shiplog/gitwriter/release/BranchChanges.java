package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.forge.BranchChange;
import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.schemas.image.ImageReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a proposal branch changes against the watched branch, one entry per image and old → new value. */
final class BranchChanges {

    private BranchChanges() {
    }

    /**
     * Each image value that differs between {@code atHead} and {@code atTip}, grouped by image, from and to, in the
     * order of the images' names.
     */
    static List<BranchChange> between(ScanResult atHead, ScanResult atTip) {
        Map<String, ImageLocation> before = new HashMap<>();
        atHead.locations().forEach(l -> before.put(l.key(), l));
        Map<String, Group> groups = new LinkedHashMap<>();
        for (ImageLocation after : atTip.locations()) {
            ImageLocation was = before.get(after.key());
            if (was == null || was.current().toString().equals(after.current().toString())) {
                continue;
            }
            String from = shown(was.current());
            String to = shown(after.current());
            Group group = groups.computeIfAbsent(after.repository() + " " + from + " " + to,
                    k -> new Group(after.repository(), from, to));
            group.files.add(after.path());
            group.locations.add(new BranchChange.Location(after.key(), after.current().toString()));
        }
        List<BranchChange> out = new ArrayList<>();
        groups.values().forEach(g -> out.add(new BranchChange(g.image, g.from, g.to, List.copyOf(g.files),
                g.locations)));
        out.sort(Comparator.comparing(BranchChange::image).thenComparing(c -> c.files().get(0)));
        return out;
    }

    /** Every location's full image value at a head, by key. */
    static Map<String, String> values(ScanResult scan) {
        Map<String, String> values = new HashMap<>();
        scan.locations().forEach(l -> values.put(l.key(), l.current().toString()));
        return values;
    }

    /** The tag, with a short digest when pinned; the digest alone when there is no tag. */
    private static String shown(ImageReference image) {
        String digest = image.digest() == null ? null : image.digest().length() > 19
                ? image.digest().substring(0, 19) : image.digest();
        if (image.tag() == null) {
            return digest == null ? image.toString() : digest;
        }
        return digest == null ? image.tag() : image.tag() + "@" + digest;
    }

    private static final class Group {
        final String image;
        final String from;
        final String to;
        final Set<String> files = new LinkedHashSet<>();
        final List<BranchChange.Location> locations = new ArrayList<>();

        Group(String image, String from, String to) {
            this.image = image;
            this.from = from;
            this.to = to;
        }
    }
}
