package io.shiplog.policy;

/** A policy spec that cannot be used: unknown kind, bad range, regex that does not compile. Names the spec. */
public class PolicyException extends IllegalArgumentException {

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
