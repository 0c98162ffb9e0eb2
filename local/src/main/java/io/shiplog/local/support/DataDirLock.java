package io.shiplog.local.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory that a component keeps across runs ({@code <dir>/.lock}, holding the pid of
 * its owner), so that two components never write one directory at once. The operating system releases it when the
 * process ends in any way, so a killed run does not block the next one.
 */
public final class DataDirLock implements AutoCloseable {

    /** The lock file's name inside the directory. */
    public static final String FILE_NAME = ".lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code dir} if needed and locks it for {@code component}; fails naming the pid of the process that
     * holds it when it is in use.
     */
    public static DataDirLock acquire(Path dir, String component) {
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.US_ASCII).strip();
                channel.close();
                String by = holder.equals(Long.toString(ProcessHandle.current().pid())) ? "in this JVM"
                        : "by another process" + (holder.isEmpty() ? "" : " (pid " + holder + ")");
                throw new IllegalStateException(component + " cannot use " + dir + ": it is in use " + by);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)), 0);
            return new DataDirLock(dir, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException(component + " cannot lock its data directory " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Releases the lock; the file stays (deleting it would race with a process locking it right now). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // closing the channel below releases it as well
        }
        closeQuietly(channel);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing is left to release
        }
    }
}
