package io.shiplog.local.net;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The JDK HTTP servers of the local components (git smart HTTP, schema registry, token, chart and notification
 * servers), with Nagle's algorithm off on their connections as real servers have it (Go's, nginx's): with it on, a
 * response written in two parts (headers, then the body) waits up to 40 ms for the client's delayed acknowledgement,
 * which made every git fetch over HTTP ~80 ms slower than the server's own work.
 */
public final class LoopbackHttpServers {

    /** Read once by the JDK when its first HTTP server starts; an explicit setting is left as it is. */
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private LoopbackHttpServers() {
    }

    /** A new, unstarted server bound to the loopback address at {@code port} (0: any free port). */
    public static HttpServer create(int port, int backlog) throws IOException {
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }
}
