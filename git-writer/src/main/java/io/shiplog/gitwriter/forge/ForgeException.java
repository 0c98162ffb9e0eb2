package io.shiplog.gitwriter.forge;

/**
 * A forge call that failed: the message names the forge, the repository, the call and the HTTP status (or the
 * transport error), never a token.
 */
public final class ForgeException extends Exception {

    private final int status;

    public ForgeException(String message, int status) {
        super(message);
        this.status = status;
    }

    public ForgeException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status; 0 when no answer came. */
    public int status() {
        return status;
    }

    /** Whether trying again later may work (no answer, throttled, a server error). */
    public boolean transientFailure() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
}
