package io.shiplog.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A consumed record whose value could not be decoded, with where it sits in the log (for the dead-letter topic). */
public class RecordDecodeException extends SerializationException {

    private final String topic;
    private final int partition;
    private final long offset;

    public RecordDecodeException(String topic, int partition, long offset, Throwable cause) {
        super("cannot decode the record at topic " + topic + " partition " + partition + " offset " + offset
                + ": " + cause.getMessage(), cause);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }
}
