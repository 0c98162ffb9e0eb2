package io.shiplog.cluster.render.tool;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the renderers are: the directory named by {@code SHIPLOG_RENDER_TOOLS} (or the system property
 * {@code shiplog.render.tools}) first, then the {@code PATH}. A tool that is missing is reported when a unit needs it,
 * naming the unit and how to install the tool, not at start-up (a repository of plain files needs none).
 */
public final class RenderTools {

    public static final String ENVIRONMENT = "SHIPLOG_RENDER_TOOLS";
    public static final String PROPERTY = "shiplog.render.tools";

    private final List<Path> directories;
    private final Map<RenderTool, Optional<Path>> found = new EnumMap<>(RenderTool.class);

    /** Looks in {@code directories}, in order. */
    public RenderTools(List<Path> directories) {
        this.directories = List.copyOf(directories);
    }

    /** The tools directory from the system property or environment, then the {@code PATH}. */
    public static RenderTools fromEnvironment() {
        List<Path> directories = new ArrayList<>();
        String configured = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        if (configured != null && !configured.isBlank()) {
            directories.add(Path.of(configured));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    directories.add(Path.of(dir));
                }
            }
        }
        return new RenderTools(directories);
    }

    /** The executable of {@code tool}. */
    public synchronized Optional<Path> find(RenderTool tool) {
        return found.computeIfAbsent(tool, t -> directories.stream().map(d -> d.resolve(t.binary()))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst());
    }

    /**
     * The executable of {@code tool}, or a {@link ToolMissingException} saying where it was looked for and how to
     * provide it.
     */
    public Path require(RenderTool tool) {
        return find(tool).orElseThrow(() -> new ToolMissingException(tool.binary() + " is not installed: it was "
                + "looked for in " + ENVIRONMENT + " and the PATH; build the pinned version with "
                + "scripts/render-tools.sh and set " + ENVIRONMENT + " to the directory it prints"));
    }
}
