package io.shiplog.local.render;

import io.shiplog.local.support.RepoScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The directory holding the pinned {@code kustomize}, {@code helm}, {@code sops} and {@code age-keygen} for tests:
 * {@code SHIPLOG_RENDER_TOOLS} when set, otherwise whatever {@code scripts/render-tools.sh} prints (it builds and
 * caches them on first use, which takes minutes). Locating them also sets the system property
 * {@code shiplog.render.tools}, so renderers started in the same JVM find them.
 */
public final class RenderToolsDir {

    public static final String ENVIRONMENT = "SHIPLOG_RENDER_TOOLS";
    public static final String PROPERTY = "shiplog.render.tools";
    static final String SCRIPT = "scripts/render-tools.sh";
    private static final List<String> TOOLS = List.of("kustomize", "helm", "sops", "age-keygen");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(30);
    private static Path located;

    private RenderToolsDir() {
    }

    /** Locates the tools once per JVM, building them if needed. */
    public static synchronized Path locate() {
        if (located == null) {
            Path dir = RepoScript.directory(ENVIRONMENT, SCRIPT, SCRIPT_TIMEOUT, "cannot find kustomize, helm and sops");
            for (String tool : TOOLS) {
                if (!Files.isExecutable(dir.resolve(tool))) {
                    throw new IllegalStateException(ENVIRONMENT + " directory " + dir + " has no executable " + tool
                            + " (scripts/render-tools.sh builds them)");
                }
            }
            System.setProperty(PROPERTY, dir.toString());
            located = dir;
        }
        return located;
    }

    /** The executable {@code tool} (kustomize, helm, sops or age-keygen). */
    public static Path tool(String tool) {
        return locate().resolve(tool);
    }
}
