package io.shiplog.auditor.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.shiplog.auditor.config.NotificationProperties.Retry;
import io.shiplog.auditor.config.NotificationProperties.Target;
import io.shiplog.schemas.kafka.Backoff;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's delivery line: a bounded queue and its own thread, so a dead or slow receiver delays only its own
 * notifications. Each notification waits for the target's rate limit, then is sent; an attempt that fails
 * (connection refused, timeout, HTTP 408, 429 or 5xx) is tried again with exponential backoff up to the retry cap.
 * A full queue drops the notification and counts it. A target whose delivery failed after every retry is taken as
 * down for {@code retry.max}: notifications to it fail at once (counted) but for one probe attempt each such interval,
 * so a dead receiver's queue drains and does not hold back the offsets of the log for long. The URL and secret never
 * reach a log line, a metric or an exception: the target is named by its name.
 */
final class TargetChannel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TargetChannel.class);

    /** How a notification to this target ended. */
    enum Outcome {
        DELIVERED, FAILED, DROPPED
    }

    private final Target target;
    private final Retry retry;
    private final Duration timeout;
    private final Clock clock;
    private final MeterRegistry meters;
    private final HttpClient http;
    private final RateLimit rate;
    private final ThreadPoolExecutor worker;
    private volatile boolean closed;
    /** Until when the target is taken as down (only the worker thread writes it); null while it is up. */
    private volatile Instant downUntil;

    TargetChannel(Target target, Retry retry, Duration timeout, Clock clock, MeterRegistry meters) {
        this.target = target;
        this.retry = retry;
        this.timeout = timeout;
        this.clock = clock;
        this.meters = meters;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.rate = new RateLimit(target.ratePerMinute());
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(target.queue()), runnable -> {
                    Thread thread = new Thread(runnable, "notify-" + target.name());
                    thread.setDaemon(true);
                    return thread;
                });
        meters.gauge("shiplog.notifications.queued", List.of(Tag.of("target", target.name())), worker.getQueue(),
                Collection::size);
    }

    String name() {
        return target.name();
    }

    /** Queues {@code notice}; the future completes with how it ended (never exceptionally). */
    CompletableFuture<Outcome> submit(Notice notice) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        try {
            worker.execute(() -> done.complete(deliver(notice)));
        } catch (RejectedExecutionException e) {
            meters.counter("shiplog.notifications.dropped", "target", target.name()).increment();
            LOG.warn("notification of event {} ({}) to target {} dropped: its queue of {} is full", notice.eventId(),
                    notice.type(), target.name(), target.queue());
            done.complete(Outcome.DROPPED);
        }
        return done;
    }

    private Outcome deliver(Notice notice) {
        Instant down = downUntil;
        if (down != null && clock.instant().isBefore(down)) {
            meters.counter("shiplog.notifications.failed", "target", target.name()).increment();
            return Outcome.FAILED;
        }
        int attempts = down == null ? retry.attempts() : 1;
        Backoff backoff = new Backoff(retry.initial(), retry.max().compareTo(retry.initial()) < 0 ? retry.initial()
                : retry.max());
        String last = "";
        for (int attempt = 1; attempt <= attempts && !closed; attempt++) {
            try {
                rate.acquire();
                int status = send(Payloads.build(target, notice, clock.instant()));
                if (status >= 200 && status < 300) {
                    meters.counter("shiplog.notifications.sent", "target", target.name()).increment();
                    if (down != null) {
                        LOG.info("notification target {} answers again", target.name());
                        downUntil = null;
                    }
                    return Outcome.DELIVERED;
                }
                last = "HTTP " + status;
                if (!(status == 408 || status == 429 || status >= 500)) {
                    break;
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = "interrupted";
                break;
            }
            if (attempt < attempts) {
                meters.counter("shiplog.notifications.retries", "target", target.name()).increment();
                if (!sleep(backoff.delay(attempt))) {
                    break;
                }
            }
        }
        if (closed || Thread.currentThread().isInterrupted()) {
            LOG.info("notification of event {} ({}) to target {} not sent: notifications are stopping",
                    notice.eventId(), notice.type(), target.name());
            return Outcome.FAILED;
        }
        meters.counter("shiplog.notifications.failed", "target", target.name()).increment();
        downUntil = clock.instant().plus(retry.max());
        LOG.warn("notification of event {} ({}, release {}) to target {} failed: {}; until {} its notifications fail "
                + "at once but for one attempt", notice.eventId(), notice.type(), notice.releaseId(), target.name(),
                last, downUntil);
        return Outcome.FAILED;
    }

    private int send(Outgoing outgoing) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url().strip())).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(outgoing.body()));
        outgoing.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
    }

    /** A token bucket: {@code perMinute} tokens at most, refilled evenly; {@link #acquire()} waits for one. */
    static final class RateLimit {
        private final int capacity;
        private final double perNano;
        private double tokens;
        private long last = System.nanoTime();

        RateLimit(int perMinute) {
            this.capacity = perMinute;
            this.perNano = perMinute / (double) TimeUnit.MINUTES.toNanos(1);
            this.tokens = perMinute;
        }

        void acquire() throws InterruptedException {
            while (true) {
                long now = System.nanoTime();
                tokens = Math.min(capacity, tokens + (now - last) * perNano);
                last = now;
                if (tokens >= 1) {
                    tokens -= 1;
                    return;
                }
                TimeUnit.NANOSECONDS.sleep((long) Math.ceil((1 - tokens) / perNano));
            }
        }
    }
}
