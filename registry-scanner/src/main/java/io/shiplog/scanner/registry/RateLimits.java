package io.shiplog.scanner.registry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpHeaders;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry's pull quota as it announces it ({@code ratelimit-limit: 100;w=21600} and {@code ratelimit-remaining:
 * 76;w=21600} on Docker Hub's manifest requests): gauges per host, and one warning each time the remainder falls
 * below a tenth of the limit.
 */
final class RateLimits {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimits.class);

    private final MeterRegistry meters;
    private final Map<String, Window> hosts = new ConcurrentHashMap<>();

    private static final class Window {
        final AtomicLong limit = new AtomicLong(-1);
        final AtomicLong remaining = new AtomicLong(-1);
        volatile boolean low;
    }

    RateLimits(MeterRegistry meters) {
        this.meters = meters;
    }

    void observe(String host, HttpHeaders headers) {
        OptionalLong remaining = number(headers, "RateLimit-Remaining");
        if (remaining.isEmpty()) {
            return;
        }
        OptionalLong limit = number(headers, "RateLimit-Limit");
        Window window = hosts.computeIfAbsent(host, this::register);
        window.remaining.set(remaining.getAsLong());
        limit.ifPresent(window.limit::set);
        long max = window.limit.get();
        boolean low = max > 0 ? remaining.getAsLong() * 10 < max : remaining.getAsLong() < 10;
        if (low && !window.low) {
            String seconds = headers.firstValue("RateLimit-Remaining").map(RateLimits::windowSeconds).orElse("");
            LOG.warn("registry {} allows {} more pulls{}{}; scans of its repositories may be refused with HTTP 429 "
                    + "until the window resets", host, remaining.getAsLong(), max > 0 ? " of " + max : "",
                    seconds.isEmpty() ? "" : " in its " + seconds + " s window");
        }
        window.low = low;
    }

    /** The last announced remainder of {@code host}, -1 before any. */
    long remaining(String host) {
        Window window = hosts.get(host);
        return window == null ? -1 : window.remaining.get();
    }

    private Window register(String host) {
        Window window = new Window();
        Gauge.builder("shiplog.scanner.registry.ratelimit.remaining", window.remaining, AtomicLong::get)
                .tag("host", host).description("pulls the registry still allows in its window (ratelimit-remaining)")
                .register(meters);
        Gauge.builder("shiplog.scanner.registry.ratelimit.limit", window.limit, AtomicLong::get)
                .tag("host", host).description("pulls the registry allows per window (ratelimit-limit)")
                .register(meters);
        return window;
    }

    private static OptionalLong number(HttpHeaders headers, String name) {
        return headers.firstValue(name).map(value -> {
            try {
                return OptionalLong.of(Long.parseLong(value.split("[;,]")[0].strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }).orElse(OptionalLong.empty());
    }

    /** {@code 76;w=21600} → {@code 21600}. */
    private static String windowSeconds(String value) {
        int w = value.indexOf("w=");
        return w < 0 ? "" : value.substring(w + 2).replaceAll("[^0-9].*", "");
    }
}
