package io.shiplog.dev.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by this process's kube-apiserver and etcd children, read from {@code /proc}: how much of a
 * 2-core machine an apply costs the servers, whoever sends it.
 */
final class ServerCpu {

    private static final double TICKS_PER_SECOND = 100.0;

    private ServerCpu() {
    }

    /** CPU seconds (user + system) of every kube-apiserver and etcd below this process; 0 where /proc is missing. */
    static double seconds() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("kube-apiserver") || c.endsWith("etcd"))
                        .orElse(false))
                .mapToDouble(ServerCpu::seconds)
                .sum();
    }

    /** CPU seconds (user + system) this JVM has used so far: Shiplog's own share when it runs in process. */
    static double ownSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : 0;
    }

    private static double seconds(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
