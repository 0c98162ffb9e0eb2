package io.shiplog.schemas.tracing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.shiplog.events.Meta;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One release, one trace, across the services and the Kafka hops between them. A record's W3C {@code traceparent}
 * header is the parent of the span in which a follower hands it over; an event written gets a producer span and its
 * own {@code traceparent}. Work often crosses threads between the two (a queue, a batch, a worker per cluster), but
 * every event carries its release's correlation id on (also as the record header {@value #CORRELATION_HEADER}), so
 * the context is remembered by correlation id: the event a service writes for a release continues the last span that
 * service saw of it. A release's first event continues
 * the span that announced it ({@link #announce}, the registry's webhook request).
 */
public final class ReleaseTraces implements ReleaseTracing {

    static final String TRACEPARENT = "traceparent";
    /** A backlog record older than this, read while catching up, is handed over without a span of its own. */
    static final Duration BACKLOG_AGE = Duration.ofMinutes(1);
    private static final Handling UNTRACED = () -> { };
    /** The release of the event in a record, in its headers: readable without decoding the value. */
    public static final String CORRELATION_HEADER = "shiplog-correlation-id";

    private final Tracer tracer;
    private final Propagator propagator;
    /** correlation id → the last span of that release in this service. */
    private final Cache<String, TraceContext> releases = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofHours(1)).build();
    /** record key → the span that announced the event to be written under that key. */
    private final Cache<String, TraceContext> announced = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();

    public ReleaseTraces(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** No span where tracing is off (a no-op tracer). */
    @Override
    public Handling handling(ConsumerRecord<byte[], byte[]> record, Object value) {
        if (tracer == Tracer.NOOP) {
            return UNTRACED;
        }
        Span span = propagator.extract(record.headers(), ReleaseTraces::header).kind(Span.Kind.CONSUMER)
                .name("receive " + record.topic()).tag("messaging.system", "kafka")
                .tag("messaging.destination.name", record.topic())
                .tag("messaging.kafka.offset", Long.toString(record.offset())).start();
        Meta meta = meta(value);
        String correlation = meta != null ? meta.getCorrelationId() : header(record.headers(), CORRELATION_HEADER);
        if (correlation != null) {
            span.tag("shiplog.correlation_id", correlation);
            releases.put(correlation, span.context());
        }
        Tracer.SpanInScope scope = tracer.withSpan(span);
        return () -> {
            scope.close();
            span.end();
        };
    }

    /**
     * While catching up, a record gets a span only when it belongs to a trace ({@code traceparent}) and is recent
     * (within {@link #BACKLOG_AGE}): a release that was waiting for this service to come back stays one trace, while
     * a store rebuilt from offset 0 opens no span per record of the past.
     */
    @Override
    public Handling catchingUp(ConsumerRecord<byte[], byte[]> record, Object value) {
        if (record.headers().lastHeader(TRACEPARENT) == null
                || record.timestamp() < System.currentTimeMillis() - BACKLOG_AGE.toMillis()) {
            return UNTRACED;
        }
        return handling(record, value);
    }

    @Override
    public void announce(String recordKey) {
        Span current = tracer.currentSpan();
        if (current != null) {
            announced.put(recordKey, current.context());
        }
    }

    /**
     * Opens and ends the producer span of writing {@code value} under {@code key} to {@code topic}, and puts its
     * {@code traceparent} into {@code headers}. Its parent: the release's last span here, else the span in scope,
     * else the span that announced the key; with none, the event starts a trace.
     */
    @Override
    public void sending(String topic, String key, SpecificRecord value, Headers headers) {
        Meta meta = meta(value);
        TraceContext parent = meta == null ? null : releases.getIfPresent(meta.getCorrelationId());
        Span current = tracer.currentSpan();
        if (parent == null && current != null) {
            parent = current.context();
        }
        if (parent == null && key != null) {
            parent = announced.asMap().remove(key);
        }
        Span.Builder builder = tracer.spanBuilder().kind(Span.Kind.PRODUCER).name("send " + topic)
                .tag("messaging.system", "kafka").tag("messaging.destination.name", topic);
        if (parent != null) {
            builder.setParent(parent);
        }
        Span span = builder.start();
        if (meta != null) {
            span.tag("shiplog.correlation_id", meta.getCorrelationId());
            span.tag("shiplog.event_id", meta.getEventId());
            releases.put(meta.getCorrelationId(), span.context());
        }
        headers.remove(TRACEPARENT);
        headers.remove(CORRELATION_HEADER);
        if (meta != null) {
            headers.add(CORRELATION_HEADER, meta.getCorrelationId().getBytes(StandardCharsets.UTF_8));
        }
        propagator.inject(span.context(), headers, (carrier, name, text) -> carrier.add(name,
                text.getBytes(StandardCharsets.UTF_8)));
        span.end();
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The envelope's meta, or null when {@code value} is none. */
    static Meta meta(Object value) {
        if (value instanceof SpecificRecord record && record.getSchema().getField("meta") != null
                && record.get(record.getSchema().getField("meta").pos()) instanceof Meta meta) {
            return meta;
        }
        return null;
    }
}
