package io.shiplog.cluster.render.tool;

/** A renderer could not run to its end: it would not start, passed its deadline or printed too much. */
public final class ToolFailedException extends RuntimeException {

    public ToolFailedException(String message) {
        super(message);
    }
}
