package io.shiplog.schemas.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a follower opens the trace span of each record it hands over (the record's W3C {@code traceparent} header
 * is its parent), so what the service does about the record, and the events it writes because of it, join the
 * release's trace. {@link #NONE} where a service has no tracing.
 */
@FunctionalInterface
public interface RecordTracing {

    RecordTracing NONE = (record, value) -> () -> { };

    /** Opens the span of handing {@code record} (decoded as {@code value}, null if undecodable) over. */
    Handling handling(ConsumerRecord<byte[], byte[]> record, Object value);

    /**
     * As {@link #handling}, for a record of the backlog a follower found at its start, or in the log when it was
     * rewound ({@link FollowerContext#rewind()}), and is catching up with: a tracing may leave out the spans that
     * carry nothing there (a rebuild reads millions of records).
     */
    default Handling catchingUp(ConsumerRecord<byte[], byte[]> record, Object value) {
        return handling(record, value);
    }

    /** The open span of one record; closed once the follower returned. */
    @FunctionalInterface
    interface Handling extends AutoCloseable {
        @Override
        void close();
    }
}
