package io.shiplog.scanner.registry;

/** A {@link CredentialSource} could not give a credential; the message names the host and source, no secret. */
public final class CredentialException extends Exception {

    public CredentialException(String message) {
        super(message);
    }

    public CredentialException(String message, Throwable cause) {
        super(message, cause);
    }
}
