package io.shiplog.local.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * TCP ports on loopback for components that must be told their port before they start: free ones, and checks of
 * the fixed ones that options may ask for.
 */
public final class Ports {

    private Ports() {
    }

    /** Where chosen ports start; they end below the kernel's range for outgoing connections. */
    static final int LOWEST = 20_000;

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port that was free on 127.0.0.1 a moment ago, and not handed out before by this JVM. It lies below the
     * kernel's range of ports for outgoing connections ({@code ip_local_port_range}, 32768 and up by default): the
     * OS's own choice of a free port comes from that range, where any client connection made before the component
     * binds may take it (a test run saw a service fail with "port in use" that way).
     */
    public static int freePort() {
        int below = outgoingRangeStart();
        if (below - LOWEST >= 1_000) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = LOWEST + ThreadLocalRandom.current().nextInt(below - LOWEST);
                if (isFree(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    /** The first port the kernel uses for outgoing connections; 32768 where it does not say. */
    static int outgoingRangeStart() {
        // read as a stream: /proc files report size 0, and Files.readString returns a single character of them
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            String range = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /**
     * {@code port} if it is 0 (a free port is chosen at start) or a valid TCP port; otherwise fails naming
     * {@code what}.
     */
    public static int checkOption(int port, String what) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(what + " " + port + " must be 0 (a free port) or 1-65535");
        }
        return port;
    }

    /** Whether {@code port} can be bound on 127.0.0.1 right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
