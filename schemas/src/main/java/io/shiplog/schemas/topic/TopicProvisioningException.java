package io.shiplog.schemas.topic;

/** Topics could not be created or checked (Kafka unreachable, not authorized, timed out). */
public class TopicProvisioningException extends RuntimeException {

    public TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }

    protected TopicProvisioningException(String message) {
        super(message);
    }
}
