package io.shiplog.auditor.query;

/** The cluster, image, release or object a query names is not in the release log (HTTP 404 with the message). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
