package io.shiplog.schemas.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * What a unit of work is about — the release's correlation id, the cluster, the commit, the repository — put in the
 * logging context (SLF4J's MDC) for as long as the work runs, so that every log line it writes carries it: as fields
 * of each JSON line when structured logging is on ({@code logging.structured.format.console=ecs} or
 * {@code logstash}), and available to plain patterns as {@code %X{cluster}}. Blank values are left out; closing the
 * scope restores what the thread had before.
 *
 * <pre>{@code
 * try (LogContext.Scope scope = LogContext.with().cluster(name).commit(sha).correlationId(id).open()) {
 *     ...
 * }
 * }</pre>
 */
public final class LogContext {

    /** MDC key of the release's correlation id. */
    public static final String CORRELATION_ID = "correlationId";
    /** MDC key of the cluster's name. */
    public static final String CLUSTER = "cluster";
    /** MDC key of the config repository commit. */
    public static final String COMMIT = "commit";
    /** MDC key of the config repository's name, or an image repository. */
    public static final String REPOSITORY = "repository";

    private final Map<String, String> values = new LinkedHashMap<>();

    private LogContext() {
    }

    public static LogContext with() {
        return new LogContext();
    }

    public LogContext correlationId(String id) {
        return put(CORRELATION_ID, id);
    }

    public LogContext cluster(String name) {
        return put(CLUSTER, name);
    }

    public LogContext commit(String sha) {
        return put(COMMIT, sha);
    }

    public LogContext repository(String name) {
        return put(REPOSITORY, name);
    }

    private LogContext put(String key, String value) {
        if (value != null && !value.isBlank()) {
            values.put(key, value);
        }
        return this;
    }

    /** Puts the values in the calling thread's logging context until the scope is closed. */
    public Scope open() {
        Map<String, String> previous = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            previous.put(key, MDC.get(key));
            MDC.put(key, value);
        });
        return new Scope(previous);
    }

    /** Restores the logging context as it was before {@link #open()}. */
    public static final class Scope implements AutoCloseable {

        private final Map<String, String> previous;

        private Scope(Map<String, String> previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            previous.forEach((key, value) -> {
                if (value == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, value);
                }
            });
        }
    }
}
