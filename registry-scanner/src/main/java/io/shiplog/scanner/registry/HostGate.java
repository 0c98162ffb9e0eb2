package io.shiplog.scanner.registry;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Politeness towards one registry host: at most {@code concurrency} requests in flight, and an adaptive pause
 * between requests that grows on 429/5xx or when the registry says its rate limit is nearly used up, and shrinks
 * again gradually with every success; a {@code Retry-After} holds every request to the host until it has passed.
 */
final class HostGate {

    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 60_000;

    private final Semaphore permits;
    private long pauseMs;
    private long notBefore;

    HostGate(int concurrency) {
        this.permits = new Semaphore(concurrency, true);
    }

    void enter() throws InterruptedException {
        permits.acquire();
        long wait;
        synchronized (this) {
            long now = System.currentTimeMillis();
            long start = Math.max(now, notBefore);
            notBefore = start + pauseMs;
            wait = start - now;
        }
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    void leave() {
        permits.release();
    }

    /**
     * The registry pushed back (429 or 5xx): no request to the host before {@code retryAfter} has passed (when the
     * registry said, at most a minute), and the pause between requests doubles, so a host that keeps pushing back is
     * asked less and less often; it shrinks again with every success.
     */
    synchronized void pushedBack(Duration retryAfter) {
        pauseMs = Math.min(MAX_BACKOFF_MS, Math.max(MIN_BACKOFF_MS, pauseMs * 2));
        long waitMs = retryAfter == null ? pauseMs : Math.max(pauseMs, Math.min(MAX_BACKOFF_MS, retryAfter.toMillis()));
        notBefore = Math.max(notBefore, System.currentTimeMillis() + waitMs);
    }

    /** The registry says {@code remaining} requests are left until {@code reset}: spread them out. */
    synchronized void remaining(long remaining, Duration reset) {
        if (remaining <= 0 && reset != null) {
            notBefore = Math.max(notBefore, System.currentTimeMillis() + Math.min(MAX_BACKOFF_MS, reset.toMillis()));
        } else if (reset != null && remaining < 10) {
            pauseMs = Math.max(pauseMs, Math.min(MAX_BACKOFF_MS, reset.toMillis() / Math.max(1, remaining)));
        }
    }

    synchronized void succeeded() {
        pauseMs = pauseMs < 5 ? 0 : pauseMs * 9 / 10;
    }

    synchronized long pauseMs() {
        return pauseMs;
    }
}
