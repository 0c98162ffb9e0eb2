package io.shiplog.auditor.query;

/** A query parameter is not valid (HTTP 400 with a message naming it). */
public class InvalidQueryException extends RuntimeException {
    public InvalidQueryException(String message) {
        super(message);
    }
}
