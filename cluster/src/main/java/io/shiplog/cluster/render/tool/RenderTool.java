package io.shiplog.cluster.render.tool;

import java.util.Locale;

/** The external renderers Shiplog runs, each a pinned build of the real tool (scripts/render-tools.sh). */
public enum RenderTool {
    KUSTOMIZE,
    /** Shiplog's kustomize helper (render/kustomize-helper): kustomize's API in one long-lived process; optional. */
    KUSTOMIZE_HELPER,
    HELM,
    SOPS;

    /** The executable's file name. */
    public String binary() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
