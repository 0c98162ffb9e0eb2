package io.shiplog.schemas.kafka;

/**
 * Thrown by a {@link Follower} for a record that can never be processed (it is wrong, not the world around it): the
 * record goes to {@code shiplog.dlq} with this exception's cause as the reason, and the partition moves on.
 */
public class UnprocessableRecordException extends RuntimeException {

    public UnprocessableRecordException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnprocessableRecordException(Throwable cause) {
        super(cause.getMessage(), cause);
    }

    /** What goes to the dead-letter topic as the reason: the cause when there is one. */
    Throwable reason() {
        return getCause() == null ? this : getCause();
    }
}
