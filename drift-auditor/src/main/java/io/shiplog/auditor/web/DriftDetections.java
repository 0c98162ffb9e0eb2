package io.shiplog.auditor.web;

import io.shiplog.auditor.web.FleetView.DriftRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drift events in log order folded into detections: each detection is resolved by the resolution naming it, or by a
 * later resolution of the same object on the same cluster (the object is back in sync, whichever detection it names).
 */
final class DriftDetections {

    private DriftDetections() {
    }

    /** A {@code DETECTED} or {@code RESOLVED} row of the drift table; {@code paths} comma-separated. */
    record Event(String id, String type, String cluster, String kind, String object, String sha, String paths,
                 String detectedId, String detail, Instant at) {
    }

    /** The field paths of a drift row ({@code paths} comma-separated, may be null). */
    static List<String> paths(String paths) {
        return paths == null || paths.isBlank() ? List.of() : Arrays.asList(paths.split(","));
    }

    /** The detections of {@code events} (in log order), each with its resolution time or null while open. */
    static List<DriftRow> fold(List<Event> events) {
        List<DriftRow> rows = new ArrayList<>();
        Map<String, Integer> byId = new HashMap<>();
        Map<String, List<Integer>> openByObject = new HashMap<>();
        for (Event e : events) {
            String key = e.cluster() + "|" + e.object();
            if ("DETECTED".equals(e.type())) {
                byId.put(e.id(), rows.size());
                openByObject.computeIfAbsent(key, k -> new ArrayList<>()).add(rows.size());
                rows.add(new DriftRow(e.cluster(), e.kind(), e.object(), paths(e.paths()), e.sha(), e.at(), null,
                        e.detail()));
                continue;
            }
            List<Integer> resolved = new ArrayList<>(openByObject.getOrDefault(key, List.of()));
            Integer named = e.detectedId() == null ? null : byId.get(e.detectedId());
            if (named != null) {
                resolved.add(named);
            }
            for (int index : resolved) {
                DriftRow r = rows.get(index);
                if (r.resolvedAt() == null) {
                    rows.set(index, new DriftRow(r.cluster(), r.driftKind(), r.object(), r.fieldPaths(),
                            r.commitSha(), r.detectedAt(), e.at(), r.detail()));
                }
            }
            openByObject.remove(key);
        }
        return rows;
    }
}
