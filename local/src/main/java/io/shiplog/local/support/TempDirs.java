package io.shiplog.local.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Scratch directories for components, removed when the component stops. */
public final class TempDirs {

    private TempDirs() {
    }

    /** Creates a new directory named after the component under the system temp directory. */
    public static Path create(String component) {
        try {
            return Files.createTempDirectory("shiplog-" + component + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory for " + component, e);
        }
    }

    /** Deletes a directory tree, ignoring files that are already gone. */
    public static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a leftover scratch directory in /tmp is not worth failing a test run for
        }
    }
}
