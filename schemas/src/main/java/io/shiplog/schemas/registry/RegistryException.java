package io.shiplog.schemas.registry;

/**
 * A registry call that failed: an error answer (with Confluent's {@code error_code}), an unreachable or slow
 * registry, or an answer that is not the JSON expected. Messages name the registry with credentials masked.
 */
public class RegistryException extends RuntimeException {

    /** Confluent's error code for an unknown subject. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent's error code for an unknown version. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent's error code for an unknown schema (id, or schema not under the subject). */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent's error code for a subject without a compatibility level of its own. */
    public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;

    private final int httpStatus;
    private final int errorCode;

    public RegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public RegistryException(int httpStatus, int errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    /** A failure without an HTTP answer (unreachable, timed out, interrupted). */
    public static RegistryException noAnswer(String message, Throwable cause) {
        return new RegistryException(0, 0, message, cause);
    }

    /** The HTTP status of the answer; 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's {@code error_code} from the answer, else the HTTP status; 0 when there was no answer. */
    public int errorCode() {
        return errorCode;
    }

    /** True for a 404 answer: unknown subject, version or schema. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }

    /** True when the registry never answered (connection refused, timeout). */
    public boolean isNoAnswer() {
        return httpStatus == 0;
    }
}
