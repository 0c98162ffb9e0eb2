package io.shiplog.auditor.support;

import static io.shiplog.auditor.support.Events.change;
import static io.shiplog.auditor.support.Events.committed;
import static io.shiplog.auditor.support.Events.completed;
import static io.shiplog.auditor.support.Events.discovered;
import static io.shiplog.auditor.support.Events.object;
import static io.shiplog.auditor.support.Events.result;
import static io.shiplog.schemas.testing.Envelopes.meta;

import io.shiplog.events.ApplyStatus;
import io.shiplog.events.DiscoverySource;
import io.shiplog.events.Health;
import io.shiplog.events.Meta;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.events.SkipReason;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * A known release story in the log, with unique names so other tests' events never change its answers:
 * <pre>
 * T0         web 1.0.0 (D1) discovered by webhook
 * T0+60s     Shiplog commits S1 (web → 1.0.0@D1), answering that discovery
 * T0+90s     prod starts applying S1; T0+100s staging has S1; T0+120s prod has S1 (web, web-config)
 * T0+1h      Alice commits S2 (apps/web-config.yaml); T0+1h+60s prod applies S2, web-config FAILED
 * T0+2h      drift on prod web /spec/replicas (against S2); resolved at T0+2h+5min
 * T0+1d      web 1.1.0 (D2) discovered by polling; T0+1d+30s Shiplog commits S3
 * T0+1d+60s  staging unreachable for S3; T0+1d+90s prod applies S3 (web → 1.1.0, old-job pruned)
 * T0+2d      web 2.0.0 (D3) discovered by webhook; git-writer skips it: not selected by policy semver:^1
 * </pre>
 */
public final class Story {

    public static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    public final String suffix = UUID.randomUUID().toString().substring(0, 8);
    public final String prod = "prod-" + suffix;
    public final String staging = "staging-" + suffix;
    public final String repository = "registry.test/" + suffix + "/web";
    public final String d1 = "sha256:" + hex('1');
    public final String d2 = "sha256:" + hex('2');
    public final String d3 = "sha256:" + hex('3');
    public final String s1 = suffix + "1".repeat(32);
    public final String s2 = suffix + "2".repeat(32);
    public final String s3 = suffix + "3".repeat(32);
    public final ObjectRef web = object("apps", "Deployment", "shop", "web");
    public final ObjectRef webConfig = object("", "ConfigMap", "shop", "web-config");
    public final ObjectRef oldJob = object("batch", "Job", "shop", "old-job");
    public final String driftId = UUID.randomUUID().toString();

    public static Instant at(Duration offset) {
        return T0.plus(offset);
    }

    public String image1() {
        return repository + ":1.0.0@" + d1;
    }

    /**
     * {@link #image1()} as staging's manifest spells it: the registry host in another case. The placement must still
     * join the canonical repository the scanner and git-writer name.
     */
    public String image1AsWrittenInStaging() {
        return "Registry.Test/" + suffix + "/web:1.0.0@" + d1;
    }

    public String image2() {
        return repository + ":1.1.0@" + d2;
    }

    /** Publishes the whole story; returns when the broker has every event. */
    public void publish(EventSink sink) throws Exception {
        Meta found1 = meta(T0);
        send(sink, TopicCatalogue.IMAGES.name(), repository, discovered(found1, repository, "1.0.0", d1,
                DiscoverySource.WEBHOOK));
        Meta commit1 = meta(UUID.randomUUID().toString(), at(Duration.ofSeconds(60)), found1.getCorrelationId(),
                found1.getEventId());
        send(sink, TopicCatalogue.COMMITS.name(), Events.CONFIG_REPO + "#main", committed(commit1, s1,
                at(Duration.ofSeconds(58)), List.of(change("apps/web.yaml", web, repository, repository + ":0.9.0",
                        "1.0.0", d1)), List.of(found1.getEventId())));
        send(sink, TopicCatalogue.APPLIES.name(), prod, Events.started(caused(commit1, Duration.ofSeconds(90)),
                prod, s1));
        send(sink, TopicCatalogue.APPLIES.name(), staging, completed(caused(commit1, Duration.ofSeconds(100)),
                staging, s1, ApplyStatus.SUCCEEDED, List.of(
                        result(web, ObjectAction.CONFIGURED, Health.HEALTHY, "apps/web.yaml",
                                image1AsWrittenInStaging()))));
        send(sink, TopicCatalogue.APPLIES.name(), prod, completed(caused(commit1, Duration.ofSeconds(120)), prod,
                s1, ApplyStatus.SUCCEEDED, List.of(
                        result(web, ObjectAction.CONFIGURED, Health.HEALTHY, "apps/web.yaml", image1()),
                        result(webConfig, ObjectAction.UNCHANGED, Health.HEALTHY, "apps/web-config.yaml"),
                        result(oldJob, ObjectAction.UNCHANGED, Health.HEALTHY, "apps/old-job.yaml",
                                "docker.io/library/busybox:1.36"))));
        Meta human = meta(at(Duration.ofHours(1)));
        send(sink, TopicCatalogue.COMMITS.name(), Events.CONFIG_REPO + "#main", Events.observed(human, s2,
                at(Duration.ofMinutes(59)), "Alice", List.of("apps/web-config.yaml")));
        send(sink, TopicCatalogue.APPLIES.name(), prod, completed(caused(human, Duration.ofSeconds(3660)), prod, s2,
                ApplyStatus.PARTIALLY_FAILED, List.of(
                        result(web, ObjectAction.UNCHANGED, Health.HEALTHY, "apps/web.yaml", image1()),
                        result(webConfig, ObjectAction.FAILED, Health.UNKNOWN, "apps/web-config.yaml"),
                        result(oldJob, ObjectAction.UNCHANGED, Health.HEALTHY, "apps/old-job.yaml",
                                "docker.io/library/busybox:1.36"))));
        Meta drift = meta(driftId, at(Duration.ofHours(2)), driftId, null);
        send(sink, TopicCatalogue.DRIFT.name(), prod, Events.driftDetected(drift, prod, s2, web, "/spec/replicas"));
        send(sink, TopicCatalogue.DRIFT.name(), prod, Events.driftResolved(caused(drift, Duration.ofMinutes(125)),
                prod, web, driftId, drift.getOccurredAt()));
        Meta found2 = meta(at(Duration.ofDays(1)));
        send(sink, TopicCatalogue.IMAGES.name(), repository, discovered(found2, repository, "1.1.0", d2,
                DiscoverySource.POLL));
        Meta commit3 = meta(UUID.randomUUID().toString(), at(Duration.ofDays(1).plusSeconds(30)),
                found2.getCorrelationId(), found2.getEventId());
        send(sink, TopicCatalogue.COMMITS.name(), Events.CONFIG_REPO + "#main", committed(commit3, s3,
                at(Duration.ofDays(1).plusSeconds(29)), List.of(change("apps/web.yaml", web, repository, image1(),
                        "1.1.0", d2)), List.of(found2.getEventId())));
        send(sink, TopicCatalogue.APPLIES.name(), staging, Events.failed(caused(commit3,
                Duration.ofDays(1).plusSeconds(60)), staging, s3));
        send(sink, TopicCatalogue.APPLIES.name(), prod, completed(caused(commit3,
                Duration.ofDays(1).plusSeconds(90)), prod, s3, ApplyStatus.SUCCEEDED, List.of(
                        result(web, ObjectAction.CONFIGURED, Health.HEALTHY, "apps/web.yaml", image2()),
                        result(webConfig, ObjectAction.CONFIGURED, Health.HEALTHY, "apps/web-config.yaml"),
                        result(oldJob, ObjectAction.PRUNED, Health.UNKNOWN, "apps/old-job.yaml"))));
        Meta found3 = meta(at(Duration.ofDays(2)));
        send(sink, TopicCatalogue.IMAGES.name(), repository, discovered(found3, repository, "2.0.0", d3,
                DiscoverySource.WEBHOOK));
        send(sink, TopicCatalogue.COMMITS.name(), Events.CONFIG_REPO + "#main", Events.skipped(caused(found3,
                Duration.ofDays(2).plusSeconds(1)), repository, "2.0.0", d3, SkipReason.NOT_SELECTED_BY_POLICY,
                "Deployment shop/web: 2.0.0 is not selected by policy semver:^1", "apps/web.yaml", "semver:^1"));
    }

    private static Meta caused(Meta cause, Duration offset) {
        return meta(UUID.randomUUID().toString(), at(offset), cause.getCorrelationId(), cause.getEventId());
    }

    private static void send(EventSink sink, String topic, String key, SpecificRecord value) throws Exception {
        sink.send(topic, key, value).get();
    }

    private static String hex(char c) {
        return String.valueOf(c).repeat(64);
    }
}
