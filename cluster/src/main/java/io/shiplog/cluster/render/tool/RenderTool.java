package io.shiplog.cluster.render.tool;

import java.util.Locale;

/** The external renderers Shiplog runs, each a pinned build of the real tool (scripts/render-tools.sh). */
public enum RenderTool {
    KUSTOMIZE,
    HELM,
    SOPS;

    /** The executable's file name. */
    public String binary() {
        return name().toLowerCase(Locale.ROOT);
    }
}
