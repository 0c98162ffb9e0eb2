package io.shiplog.local.forge;

import io.shiplog.local.support.RepoScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The directory holding the pinned Gitea for tests ({@code gitea} with its {@code options/}, {@code templates/} and
 * {@code public/}): {@code SHIPLOG_FORGE_TOOLS} when set, otherwise whatever {@code scripts/forge-tools.sh} prints
 * (it builds Gitea from the Go module proxy and caches it on first use, which takes many minutes).
 */
public final class ForgeToolsDir {

    public static final String ENVIRONMENT = "SHIPLOG_FORGE_TOOLS";
    static final String SCRIPT = "scripts/forge-tools.sh";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(45);
    private static Path located;

    private ForgeToolsDir() {
    }

    /** Locates Gitea once per JVM, building it if needed. */
    public static synchronized Path locate() {
        if (located == null) {
            Path dir = RepoScript.directory(ENVIRONMENT, SCRIPT, SCRIPT_TIMEOUT, "cannot find Gitea");
            if (!Files.isExecutable(dir.resolve("gitea")) || !Files.isDirectory(dir.resolve("options"))) {
                throw new IllegalStateException(ENVIRONMENT + " directory " + dir + " has no executable gitea with "
                        + "its options/ (scripts/forge-tools.sh builds them)");
            }
            located = dir;
        }
        return located;
    }
}
