package io.shiplog.local.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * TCP ports on loopback for components that must be told their port before they start: free ones, and checks of
 * the fixed ones that options may ask for.
 */
public final class Ports {

    private Ports() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
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
