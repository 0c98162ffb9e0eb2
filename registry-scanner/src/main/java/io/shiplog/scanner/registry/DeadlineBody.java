package io.shiplog.scanner.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body with a total deadline: once it passes, the body is closed under its reader, whose blocked read
 * fails with {@link Expired}. A registry that sends its headers and then trickles the body is cut off, and so is
 * draining an error body to reuse the connection.
 */
final class DeadlineBody extends FilterInputStream {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "registry-body-deadline");
        thread.setDaemon(true);
        return thread;
    });

    /** The body did not arrive in time. */
    static final class Expired extends IOException {
        Expired(Duration deadline) {
            super("the body did not arrive within " + deadline.toMillis() + " ms");
        }
    }

    private final Duration deadline;
    private final ScheduledFuture<?> cutoff;
    private volatile boolean expired;

    DeadlineBody(InputStream in, Duration deadline) {
        super(in);
        this.deadline = deadline;
        this.cutoff = TIMER.schedule(this::expire, deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void expire() {
        expired = true;
        try {
            in.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
    }

    @Override
    public int read() throws IOException {
        check();
        try {
            return super.read();
        } catch (IOException e) {
            throw expired ? new Expired(deadline) : e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        check();
        try {
            return super.read(buffer, offset, length);
        } catch (IOException e) {
            throw expired ? new Expired(deadline) : e;
        }
    }

    private void check() throws Expired {
        if (expired) {
            throw new Expired(deadline);
        }
    }

    @Override
    public void close() throws IOException {
        cutoff.cancel(false);
        super.close();
    }
}
