package io.shiplog.cluster.render;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Bounds of rendering.
 *
 * @param timeout        how long one unit's renderer may run
 * @param memoryBytes    one renderer's virtual-memory limit
 * @param maxOutputBytes the most a renderer may print for one unit
 * @param maxInputBytes  the most a unit may read from the repository (what is written to its work directory)
 * @param cacheBytes     rendered output kept in memory, at most (by output size)
 * @param concurrency    units rendered at once
 * @param workDirectory  where units are laid out for the renderer (one directory per render, removed after)
 */
public record RenderSettings(Duration timeout, long memoryBytes, int maxOutputBytes, long maxInputBytes,
                             long cacheBytes, int concurrency, Path workDirectory) {

    /** 60 s and 1 GiB per unit, 64 MiB of output, 256 MiB of input, 128 MiB of cache, one unit per core (2 at least). */
    public static RenderSettings defaults(Path workDirectory) {
        return new RenderSettings(Duration.ofSeconds(60), 1L << 30, 64 << 20, 256L << 20, 128L << 20,
                Math.max(2, Runtime.getRuntime().availableProcessors()), workDirectory);
    }

    /** These settings with another timeout and memory limit. */
    public RenderSettings withLimits(Duration newTimeout, long newMemoryBytes) {
        return new RenderSettings(newTimeout, newMemoryBytes, maxOutputBytes, maxInputBytes, cacheBytes, concurrency,
                workDirectory);
    }
}
