package io.shiplog.scanner.registry;

/** A registry request that failed, with a message naming the registry and repository and never a credential. */
public final class RegistryException extends Exception {

    /** Why it failed, for metrics and retry decisions. */
    public enum Reason {
        NOT_FOUND, UNAUTHORIZED, RATE_LIMITED, UNAVAILABLE, BAD_RESPONSE, TIMEOUT, TLS, UNREACHABLE
    }

    private final Reason reason;

    public RegistryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RegistryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
