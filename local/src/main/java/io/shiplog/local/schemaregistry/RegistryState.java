package io.shiplog.local.schemaregistry;

import io.shiplog.local.schemaregistry.LogRecord.ConfigChanged;
import io.shiplog.local.schemaregistry.LogRecord.Registered;
import io.shiplog.local.schemaregistry.LogRecord.VersionDeleted;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's state as the result of applying the {@code _schemas} log in order. Not thread-safe: the owner
 * guards it.
 *
 * <p>Rules, chosen so that any instance applying the same log gets the same state and compaction cannot change it:
 * <ul>
 *   <li>A {@link Registered} claim counts only if its offset equals its {@code basedOn}: the writer saw the whole
 *       log before it and nobody wrote in between, so its checks (id free or bound to the same schema, version
 *       free, compatibility) still hold. A losing claim is a no-op for everybody, forever, whatever else the log
 *       holds; its key carries a nonce, so it never replaces a winning claim under compaction.</li>
 *   <li>Deletes only move a version forward (live, soft-deleted, permanently deleted), so the order and number of
 *       delete records (which compaction may thin out or move later) do not matter. Soft and permanent deletes
 *       use different keys, so a late duplicate soft delete cannot hide a permanent one.</li>
 *   <li>Config records are last-wins per subject (or global); a tombstone removes the level, as compaction
 *       keeps exactly the last record per key.</li>
 *   <li>Ids and version numbers are never reused, even after a permanent delete.</li>
 * </ul>
 */
final class RegistryState {

    private final Map<Integer, SchemaDefinition> schemasById = new HashMap<>();
    private final Map<SchemaDefinition, Integer> idsBySchema = new HashMap<>();
    private final Map<String, TreeMap<Integer, SubjectVersion>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;
    private long position;

    /** Applies the record stored at {@code offset}; returns whether it changed the state. */
    boolean apply(long offset, LogRecord record) {
        position = Math.max(position, offset + 1);
        if (record instanceof Registered r) {
            return applyRegistered(offset, r);
        }
        if (record instanceof VersionDeleted d) {
            return applyDeleted(d);
        }
        return applyConfig((ConfigChanged) record);
    }

    private boolean applyRegistered(long offset, Registered r) {
        if (offset != r.basedOn() || r.id() < 1 || r.version() < 1) {
            return false;
        }
        SchemaDefinition bound = schemasById.get(r.id());
        Integer boundId = idsBySchema.get(r.schema());
        boolean idConflict = bound != null && !bound.equals(r.schema())
                || boundId != null && boundId != r.id();
        TreeMap<Integer, SubjectVersion> versions = subjects.get(r.subject());
        if (idConflict || versions != null && versions.containsKey(r.version())) {
            return false;
        }
        schemasById.put(r.id(), r.schema());
        idsBySchema.put(r.schema(), r.id());
        maxId = Math.max(maxId, r.id());
        subjects.computeIfAbsent(r.subject(), s -> new TreeMap<>())
                .put(r.version(), new SubjectVersion(r.subject(), r.version(), r.id(), VersionState.LIVE));
        return true;
    }

    private boolean applyDeleted(VersionDeleted d) {
        TreeMap<Integer, SubjectVersion> versions = subjects.get(d.subject());
        SubjectVersion current = versions == null ? null : versions.get(d.version());
        if (current == null) {
            return false;
        }
        SubjectVersion next = current.withState(d.permanent() ? VersionState.HARD_DELETED : VersionState.SOFT_DELETED);
        versions.put(d.version(), next);
        return !next.equals(current);
    }

    private boolean applyConfig(ConfigChanged c) {
        if (c.isGlobal()) {
            boolean changed = globalLevel != c.level();
            globalLevel = c.level();
            return changed;
        }
        CompatibilityLevel previous = c.level() == null
                ? subjectLevels.remove(c.subject()) : subjectLevels.put(c.subject(), c.level());
        return previous != c.level();
    }

    /** Marks every offset below {@code next} as applied (records there may have been compacted away). */
    void advanceTo(long next) {
        position = Math.max(position, next);
    }

    /** The next offset to apply: everything below it is reflected in this state. */
    long position() {
        return position;
    }

    Optional<SchemaDefinition> schema(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    Optional<Integer> idOf(SchemaDefinition schema) {
        return Optional.ofNullable(idsBySchema.get(schema));
    }

    /** The id a new schema would get. */
    int nextId() {
        return maxId + 1;
    }

    /** The version a new registration under {@code subject} would get; numbers of deleted versions are not reused. */
    int nextVersion(String subject) {
        TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
    }

    /** Any version, whatever its state. */
    Optional<SubjectVersion> version(String subject, int version) {
        TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
        return Optional.ofNullable(versions == null ? null : versions.get(version));
    }

    /** Versions of a subject in ascending order; permanently deleted ones never, soft-deleted ones on request. */
    List<SubjectVersion> versions(String subject, boolean includeSoftDeleted) {
        List<SubjectVersion> result = new ArrayList<>();
        TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
        if (versions != null) {
            versions.values().stream().filter(v -> v.isVisible(includeSoftDeleted)).forEach(result::add);
        }
        return result;
    }

    /** Subjects in name order that have a visible version. */
    List<String> subjects(boolean includeSoftDeleted) {
        return subjects.keySet().stream().filter(s -> !versions(s, includeSoftDeleted).isEmpty()).toList();
    }

    /** Every visible subject version bound to {@code id}. */
    List<SubjectVersion> versionsWithId(int id, boolean includeSoftDeleted) {
        return subjects.values().stream().flatMap(v -> v.values().stream())
                .filter(v -> v.id() == id && v.isVisible(includeSoftDeleted)).toList();
    }

    /** Ids of visible schemas whose references name {@code subject} version {@code version}. */
    List<Integer> referencedBy(String subject, int version) {
        return subjects.values().stream().flatMap(v -> v.values().stream())
                .filter(v -> v.isVisible(false))
                .map(SubjectVersion::id).distinct().sorted()
                .filter(id -> schemasById.get(id).references().stream()
                        .anyMatch(r -> r.subject().equals(subject) && r.version() == version))
                .toList();
    }

    CompatibilityLevel globalLevel() {
        return globalLevel == null ? CompatibilityLevel.DEFAULT : globalLevel;
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** The level that applies to {@code subject}: its own, else the global one. */
    CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject).orElseGet(this::globalLevel);
    }
}
