package io.shiplog.cluster.render.tool;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A long-lived renderer process that answers one request at a time, a line in and a line out, started within the
 * bounds of a {@link ToolRun} (no network unless asked, a virtual-memory limit for the whole process, only the given
 * environment). Each request has a deadline: passing it kills the process. An answer longer than the cap kills it
 * too. A process that ends on its own (out of memory, a crash) fails only the request in flight, as {@link Ended};
 * whoever holds it starts a new one.
 */
public final class ToolServer implements AutoCloseable {

    private static final int MAX_STDERR = 64 * 1024;
    private static final Object END = new Object();
    private static final Object OVERFLOW = new Object();

    private final String name;
    private final Process process;
    private final OutputStream requests;
    private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread stderrReader;
    private final long maxAnswer;

    private ToolServer(String name, Process process, long maxAnswer) {
        this.name = name;
        this.maxAnswer = maxAnswer;
        this.process = process;
        this.requests = process.getOutputStream();
        Thread answerReader = new Thread(() -> readAnswers(process.getInputStream(), maxAnswer), name + "-answers");
        answerReader.setDaemon(true);
        answerReader.start();
        stderrReader = new Thread(() -> readStderr(process.getErrorStream()), name + "-stderr");
        stderrReader.setDaemon(true);
        stderrReader.start();
    }

    /** The process ended by itself while answering: its exit code and the end of its standard error. */
    public static final class Ended extends Exception {

        private final int exitCode;
        private final String stderr;

        Ended(int exitCode, String stderr) {
            super("exit code " + exitCode);
            this.exitCode = exitCode;
            this.stderr = stderr;
        }

        public int exitCode() {
            return exitCode;
        }

        public String stderr() {
            return stderr;
        }
    }

    /**
     * Starts {@code command}, named {@code name} in messages, in {@code directory} with only {@code environment};
     * answers longer than {@code maxAnswer} bytes stop it.
     */
    public static ToolServer start(String name, List<String> command, Path directory, Map<String, String> environment,
                                   long memoryBytes, boolean network, long maxAnswer) {
        try {
            return new ToolServer(name, ToolRun.bounded(command, directory, environment, memoryBytes, network).start(),
                    maxAnswer);
        } catch (IOException e) {
            throw new ToolFailedException(name + " could not be started: " + e.getMessage());
        }
    }

    /**
     * Sends {@code request} (one line, without its end) and waits up to {@code timeout} for the answer line. A
     * deadline passed or an answer over the cap kills the process and is a {@link ToolFailedException}; the process
     * ending by itself is {@link Ended}.
     */
    public byte[] ask(byte[] request, Duration timeout) throws Ended {
        try {
            requests.write(request);
            requests.write('\n');
            requests.flush();
        } catch (IOException e) {
            // it has ended: the answer queue says how
        }
        Object answer;
        try {
            answer = answers.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new ToolFailedException(name + " was interrupted");
        }
        if (answer == null) {
            close();
            throw new ToolFailedException(name + " did not finish within " + timeout + " and was stopped");
        }
        if (answer == OVERFLOW) {
            close();
            throw new ToolFailedException(name + " printed more than " + maxAnswer + " bytes and was stopped");
        }
        if (answer == END) {
            throw ended();
        }
        return (byte[]) answer;
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Kills the process (and anything it started). */
    @Override
    public void close() {
        ToolRun.kill(process);
    }

    private Ended ended() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            stderrReader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        String text;
        synchronized (stderr) {
            text = stderr.toString(StandardCharsets.UTF_8);
        }
        return new Ended(process.isAlive() ? -1 : process.exitValue(), text);
    }

    private void readAnswers(InputStream stream, long maxAnswer) {
        try (InputStream in = new BufferedInputStream(stream, 64 * 1024)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    answers.add(line.toByteArray());
                    line.reset();
                } else if (line.size() >= maxAnswer) {
                    answers.add(OVERFLOW);
                    ToolRun.kill(process);
                    return;
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            // the process ended: END says so
        }
        answers.add(END);
    }

    /** Keeps the start of standard error (the first lines are the message). */
    private void readStderr(InputStream stream) {
        byte[] chunk = new byte[8192];
        try (InputStream in = stream) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                synchronized (stderr) {
                    stderr.write(chunk, 0, Math.max(0, Math.min(n, MAX_STDERR - stderr.size())));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
