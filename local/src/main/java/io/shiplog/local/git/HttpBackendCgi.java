package io.shiplog.local.git;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code git http-backend} as a CGI program for one HTTP exchange: the request body is streamed to its
 * stdin, its CGI headers become the HTTP status and headers, and the rest of its stdout is streamed back chunked.
 * A request that runs longer than the timeout has its process killed, and {@link #stopAll} kills the processes of
 * requests still running when the server stops. (These children are not started through
 * {@link io.shiplog.local.support.ParentDeath}: should the JVM die without stopping them, their stdin and stdout pipes
 * close with it and they end on EOF or SIGPIPE.)
 */
final class HttpBackendCgi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpBackendCgi.class);

    private final Path httpBackend;
    private final Path projectRoot;
    private final Path home;
    private final Path stderrLog;
    private final Duration timeout;
    private final ExecutorService bodyPumps;
    private final ScheduledExecutorService watchdog;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    HttpBackendCgi(Path httpBackend, Path projectRoot, Path home, Path stderrLog, Duration timeout,
                   ExecutorService bodyPumps, ScheduledExecutorService watchdog) {
        this.httpBackend = httpBackend;
        this.projectRoot = projectRoot;
        this.home = home;
        this.stderrLog = stderrLog;
        this.timeout = timeout;
        this.bodyPumps = bodyPumps;
        this.watchdog = watchdog;
    }

    /** What the CGI environment is built from. */
    record Request(String method, String path, String rawQuery, Headers headers, String remoteUser,
                   String remoteAddr, int serverPort) {
    }

    /** The CGI meta-variables (RFC 3875 section 4.1) plus those git http-backend reads. */
    static Map<String, String> environment(Request request, Path projectRoot) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("SERVER_PROTOCOL", "HTTP/1.1");
        env.put("SERVER_SOFTWARE", "shiplog-testkit");
        env.put("SERVER_NAME", "127.0.0.1");
        env.put("SERVER_PORT", Integer.toString(request.serverPort()));
        env.put("GIT_PROJECT_ROOT", projectRoot.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REQUEST_METHOD", request.method());
        env.put("PATH_INFO", request.path());
        env.put("QUERY_STRING", request.rawQuery() == null ? "" : request.rawQuery());
        env.put("REMOTE_ADDR", request.remoteAddr());
        env.put("REMOTE_USER", request.remoteUser());
        env.put("AUTH_TYPE", "Basic");
        putHeader(env, "CONTENT_TYPE", request.headers(), "Content-Type");
        putHeader(env, "CONTENT_LENGTH", request.headers(), "Content-Length");
        putHeader(env, "HTTP_CONTENT_ENCODING", request.headers(), "Content-Encoding");
        putHeader(env, "GIT_PROTOCOL", request.headers(), "Git-Protocol");
        return env;
    }

    private static void putHeader(Map<String, String> env, String variable, Headers headers, String header) {
        String value = headers.getFirst(header);
        if (value != null && !value.isBlank()) {
            env.put(variable, value.trim());
        }
    }

    /** Serves {@code exchange} for the authenticated {@code user}; always closes the exchange. */
    void serve(HttpExchange exchange, String user) throws IOException {
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), user, exchange.getRemoteAddress().getAddress().getHostAddress(),
                exchange.getLocalAddress().getPort());
        Process process = start(request);
        running.add(process);
        ScheduledFuture<?> kill = watchdog.schedule(() -> {
            if (!process.isAlive()) {
                return;
            }
            LOG.warn("git http-backend for {} {} still running after {} s; killed", request.method(),
                    request.path(), timeout.toSeconds());
            process.destroyForcibly();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        bodyPumps.execute(() -> pumpRequestBody(exchange, process));
        boolean headersSent = false;
        int status = 0;
        try (InputStream out = new BufferedInputStream(process.getInputStream())) {
            CgiResponseHead head = CgiResponseHead.read(out);
            head.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
            status = head.status();
            boolean noBody = "HEAD".equals(request.method()) || status == 204 || status == 304;
            exchange.sendResponseHeaders(status, noBody ? -1 : 0);
            headersSent = true;
            if (!noBody) {
                try (OutputStream body = exchange.getResponseBody()) {
                    out.transferTo(body);
                }
            }
        } catch (IOException e) {
            if (!headersSent) {
                status = 502;
                LOG.warn("git http-backend gave no valid response to {} {}: {} (stderr in {})",
                        request.method(), request.path(), e.getMessage(), stderrLog);
                exchange.sendResponseHeaders(502, -1);
            } else {
                LOG.debug("response to {} {} cut short: {}", request.method(), request.path(), e.getMessage());
            }
        } finally {
            exchange.close();
            kill.cancel(false);
            reap(process, request);
        }
        LOG.debug("{} {}{} user={} body={} -> {}", request.method(), request.path(),
                request.rawQuery() == null ? "" : "?" + request.rawQuery(), user, bodyFraming(request.headers()),
                status);
    }

    private static String bodyFraming(Headers headers) {
        String length = headers.getFirst("Content-Length");
        String transfer = headers.getFirst("Transfer-Encoding");
        String encoding = headers.getFirst("Content-Encoding");
        String framing = transfer != null ? transfer : length != null ? length + " bytes" : "none";
        return encoding == null ? framing : framing + " " + encoding;
    }

    private Process start(Request request) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(httpBackend.toString())
                .directory(projectRoot.toFile())
                .redirectError(Redirect.appendTo(stderrLog.toFile()));
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        env.clear();
        if (path != null) {
            env.put("PATH", path);
        }
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("LC_ALL", "C");
        env.putAll(environment(request, projectRoot));
        return builder.start();
    }

    private static void pumpRequestBody(HttpExchange exchange, Process process) {
        try (InputStream in = exchange.getRequestBody(); OutputStream stdin = process.getOutputStream()) {
            in.transferTo(stdin);
        } catch (IOException e) {
            // the backend stopped reading (it answered or failed) or the client went away: the response shows which
        }
    }

    /** Stops every backend still serving a request: SIGTERM, then SIGKILL after {@code grace}. */
    void stopAll(Duration grace) {
        List<Process> processes = List.copyOf(running);
        processes.forEach(Process::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (Process process : processes) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            processes.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    private void reap(Process process, Request request) {
        running.remove(process);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.warn("git http-backend for {} {} did not exit after its response; killed",
                        request.method(), request.path());
            } else if (process.exitValue() != 0) {
                LOG.debug("git http-backend for {} {} exited with {} (stderr in {})", request.method(),
                        request.path(), process.exitValue(), stderrLog);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
