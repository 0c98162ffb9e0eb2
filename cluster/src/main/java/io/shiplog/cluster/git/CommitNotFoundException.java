package io.shiplog.cluster.git;

/** A commit that is not in the config repository even after a fetch, or a fetch that failed. */
public class CommitNotFoundException extends Exception {

    private static final long serialVersionUID = 1L;

    public CommitNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
