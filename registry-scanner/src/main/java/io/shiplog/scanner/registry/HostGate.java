package io.shiplog.scanner.registry;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Politeness towards one registry host: at most {@code concurrency} requests in flight, and an adaptive pause
 * between requests that grows on 429/5xx (honouring {@code Retry-After}) or when the registry says its rate limit
 * is nearly used up, and shrinks again gradually with every success.
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

    /** The registry pushed back: pause at least {@code retryAfter} (or twice the current pause). */
    synchronized void pushedBack(Duration retryAfter) {
        long doubled = Math.max(MIN_BACKOFF_MS, pauseMs * 2);
        pauseMs = Math.min(MAX_BACKOFF_MS, retryAfter == null ? doubled : Math.max(retryAfter.toMillis(), doubled));
        notBefore = Math.max(notBefore, System.currentTimeMillis() + pauseMs);
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
