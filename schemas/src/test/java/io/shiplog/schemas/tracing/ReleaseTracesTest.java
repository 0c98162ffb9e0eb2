package io.shiplog.schemas.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.shiplog.schemas.kafka.RecordTracing;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReleaseTracesTest {

    private static final String TOPIC = "shiplog.commits";

    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
            .addSpanProcessor(SimpleSpanProcessor.create(new Collected())).build();
    private final ReleaseTraces traces = new ReleaseTraces(
            new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> { }),
            new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()),
                    provider.get("test")));

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aRecentRecordOfAReleaseReadWhileCatchingUpContinuesTheReleasesTrace() {
        Headers headers = new RecordHeaders();
        traces.sending(TOPIC, "app", null, headers);
        String trace = ended.get(0).getTraceId();

        handOver(traces.catchingUp(record(headers, Duration.ZERO), null));

        assertThat(ended).hasSize(2);
        assertThat(ended.get(1).getName()).isEqualTo("receive " + TOPIC);
        assertThat(ended.get(1).getTraceId()).isEqualTo(trace);
    }

    @Test
    void aRecordOfThePastReadWhileCatchingUpOpensNoSpan() {
        Headers headers = new RecordHeaders();
        traces.sending(TOPIC, "app", null, headers);

        handOver(traces.catchingUp(record(headers, Duration.ofHours(2)), null));

        assertThat(ended).hasSize(1);
    }

    @Test
    void aRecordOfNoTraceReadWhileCatchingUpOpensNoSpanButALiveOneStartsATrace() {
        handOver(traces.catchingUp(record(new RecordHeaders(), Duration.ZERO), null));
        assertThat(ended).isEmpty();

        handOver(traces.handling(record(new RecordHeaders(), Duration.ZERO), null));

        assertThat(ended).singleElement().satisfies(span -> assertThat(span.getName())
                .isEqualTo("receive " + TOPIC));
    }

    private static void handOver(RecordTracing.Handling handling) {
        handling.close();
    }

    private static ConsumerRecord<byte[], byte[]> record(Headers headers, Duration age) {
        return new ConsumerRecord<>(TOPIC, 0, 7, System.currentTimeMillis() - age.toMillis(),
                TimestampType.CREATE_TIME, 3, 0, "app".getBytes(), new byte[0], headers, Optional.empty());
    }

    /** The ended spans, in the order they ended. */
    private final class Collected implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            ended.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
