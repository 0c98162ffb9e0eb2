package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ScanResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-value changes of a commit, recovered by comparing the scans before and after it: used when a Shiplog
 * commit's event has to be published again after a crash. Pure.
 */
final class Reconstruction {

    private Reconstruction() {
    }

    static List<ChangedValue> changes(ScanResult before, ScanResult after, Collection<String> changedPaths) {
        Set<String> paths = new HashSet<>(changedPaths);
        Map<String, ImageLocation> old = new HashMap<>();
        for (ImageLocation l : before.locations()) {
            if (paths.contains(l.path())) {
                old.put(key(l), l);
            }
        }
        List<ChangedValue> out = new ArrayList<>();
        for (ImageLocation l : after.locations()) {
            ImageLocation was = paths.contains(l.path()) ? old.get(key(l)) : null;
            if (was != null && !was.current().toString().equals(l.current().toString())) {
                out.add(ChangedValue.between(was, l));
            }
        }
        return out;
    }

    private static String key(ImageLocation l) {
        return l.path() + "#" + l.documentIndex() + "#" + l.field();
    }
}
