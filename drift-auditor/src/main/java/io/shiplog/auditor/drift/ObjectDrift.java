package io.shiplog.auditor.drift;

import io.shiplog.auditor.drift.compare.FieldDrift;
import io.shiplog.cluster.manifest.ObjectKey;
import java.util.List;

/**
 * One object that does not match git.
 *
 * @param version API version the object is served in
 * @param fields  the drifted fields (MODIFIED only)
 */
public record ObjectDrift(ObjectKey key, String version, Kind kind, List<FieldDrift> fields) {

    /** How the object differs. */
    public enum Kind {
        /** Fields differ from what applying git would give. */
        MODIFIED,
        /** In git and in the inventory, missing from the cluster. */
        DELETED,
        /** Carries Shiplog's labels but is not in the inventory. */
        UNMANAGED
    }

    public ObjectDrift {
        fields = List.copyOf(fields);
    }

    /** Whether the applier can undo it by applying git again. */
    public boolean correctable() {
        return kind != Kind.UNMANAGED;
    }

    @Override
    public String toString() {
        return kind + " " + key + (fields.isEmpty() ? "" : " " + fields.stream().map(FieldDrift::path).toList());
    }
}
