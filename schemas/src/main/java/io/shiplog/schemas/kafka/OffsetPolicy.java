package io.shiplog.schemas.kafka;

import java.util.Objects;

/** Where a follower starts reading and who keeps its offsets. */
public sealed interface OffsetPolicy {

    /**
     * A consumer group spreads the partitions over the instances; offsets are committed to Kafka only up to the
     * first record whose side effect is not done yet ({@link Delivery#completeWhen}), after each poll and at a
     * revocation.
     *
     * @param group   the consumer group
     * @param rebuild each partition is read from its beginning the first time this process holds it (from where it
     *                stopped when it holds it again); records before the committed offset come as
     *                {@link Delivery#replayed()}, to rebuild in-memory state, and are not acted on again
     */
    record GroupCommitted(String group, boolean rebuild) implements OffsetPolicy {
        public GroupCommitted {
            Objects.requireNonNull(group, "group");
        }
    }

    /**
     * A consumer group spreads the partitions over the instances, and each partition is read from {@code from}
     * every time it is assigned (a compacted topic that is the whole state is read again by its new holder); nothing
     * is committed.
     */
    record GroupAssigned(String group, From from) implements OffsetPolicy {
        public GroupAssigned {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(from, "from");
        }
    }

    /**
     * No group: every partition of the topics is assigned by hand and read from {@code from}; nothing is committed.
     * After a restart the follower goes on after the last record it handled.
     */
    record Assigned(From from) implements OffsetPolicy {
        public Assigned {
            Objects.requireNonNull(from, "from");
        }
    }

    /** No group: every partition is assigned by hand and read from the offsets the {@code store} gives. */
    record CallerStored(OffsetStore store) implements OffsetPolicy {
        public CallerStored {
            Objects.requireNonNull(store, "store");
        }
    }

    /** The first position of a hand-assigned follower. */
    enum From {
        BEGINNING, END
    }

    static OffsetPolicy committed(String group) {
        return new GroupCommitted(group, false);
    }

    static OffsetPolicy rebuilding(String group) {
        return new GroupCommitted(group, true);
    }

    static OffsetPolicy rereadOnAssignment(String group) {
        return new GroupAssigned(group, From.BEGINNING);
    }

    /** The consumer group of this policy; null when there is none. */
    default String group() {
        if (this instanceof GroupCommitted committed) {
            return committed.group();
        }
        return this instanceof GroupAssigned assigned ? assigned.group() : null;
    }

    static OffsetPolicy fromBeginning() {
        return new Assigned(From.BEGINNING);
    }

    static OffsetPolicy fromEnd() {
        return new Assigned(From.END);
    }

    static OffsetPolicy stored(OffsetStore store) {
        return new CallerStored(store);
    }
}
