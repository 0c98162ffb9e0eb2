package io.shiplog.cluster.render;

/** A unit could not be rendered; the message says why (the renderer's own message where there is one). */
public final class UnitFailedException extends Exception {

    public UnitFailedException(String message) {
        super(message);
    }
}
