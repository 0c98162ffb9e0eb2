package io.shiplog.cluster.render.tool;

/** A renderer a unit needs is not installed. */
public final class ToolMissingException extends RuntimeException {

    public ToolMissingException(String message) {
        super(message);
    }
}
