package io.shiplog.gitwriter.edit;

import io.shiplog.gitwriter.manifest.RepositorySnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Groups location changes by file and applies them to a snapshot's bytes: path → new bytes, unchanged files absent. */
public final class FileEdits {

    private FileEdits() {
    }

    /** The change set of each file, by path. */
    public static Map<String, List<ValueChange>> byPath(List<LocationUpdate.Change> changes) {
        Map<String, List<ValueChange>> out = new TreeMap<>();
        for (LocationUpdate.Change change : changes) {
            out.computeIfAbsent(change.location().path(), k -> new ArrayList<>()).addAll(change.changes());
        }
        return out;
    }

    /**
     * New bytes of every file the changes touch, read from {@code snapshot} (the one the locations were scanned
     * from). Files whose bytes end up identical are left out.
     */
    public static Map<String, byte[]> apply(RepositorySnapshot snapshot, List<LocationUpdate.Change> changes)
            throws IOException, EditConflictException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<ValueChange>> e : byPath(changes).entrySet()) {
            byte[] before = snapshot.read(e.getKey());
            byte[] after = ManifestEditor.apply(before, e.getValue());
            if (!java.util.Arrays.equals(before, after)) {
                out.put(e.getKey(), after);
            }
        }
        return out;
    }
}
