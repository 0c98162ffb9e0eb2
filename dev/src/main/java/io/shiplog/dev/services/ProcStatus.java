package io.shiplog.dev.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reads memory figures of a process from Linux's {@code /proc/<pid>/status}. */
public final class ProcStatus {

    private ProcStatus() {
    }

    /** The value of a {@code kB} field such as {@code VmRSS} or {@code VmHWM}; empty when unreadable. */
    public static OptionalLong kilobytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    String value = line.substring(field.length() + 1).strip();
                    return OptionalLong.of(Long.parseLong(value.split("\\s+")[0]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
