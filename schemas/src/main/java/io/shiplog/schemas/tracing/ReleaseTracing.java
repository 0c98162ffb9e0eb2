package io.shiplog.schemas.tracing;

import io.shiplog.schemas.kafka.RecordTracing;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The release's trace across the services: spans for the records a service reads ({@link RecordTracing}) and
 * writes, with the W3C {@code traceparent} in record headers. {@link ReleaseTraces} on Micrometer Tracing; {@link #NONE}
 * where a service has no tracing.
 */
public interface ReleaseTracing extends RecordTracing {

    ReleaseTracing NONE = new ReleaseTracing() {
        @Override
        public Handling handling(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record,
                                 Object value) {
            return () -> { };
        }

        @Override
        public void announce(String recordKey) {
        }

        @Override
        public void sending(String topic, String key, SpecificRecord value, Headers headers) {
        }
    };

    /** The span in scope now announces the release whose first event will be written under {@code recordKey}. */
    void announce(String recordKey);

    /** Traces writing {@code value} under {@code key} to {@code topic}: its {@code traceparent} goes to headers. */
    void sending(String topic, String key, SpecificRecord value, Headers headers);
}
