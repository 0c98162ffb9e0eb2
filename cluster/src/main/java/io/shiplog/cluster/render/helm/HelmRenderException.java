package io.shiplog.cluster.render.helm;

/** A release could not be rendered; the message names the HelmRelease and never holds values. */
public final class HelmRenderException extends RuntimeException {

    public HelmRenderException(String message) {
        super(message);
    }
}
