package io.shiplog.auditor.notify;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.Health;
import io.shiplog.events.Meta;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.events.ObjectResult;
import java.time.Instant;
import java.util.List;

/** A release reaching a cluster, as the applier reports it, with fixed ids and times for golden payloads. */
final class NoticeSamples {

    static final String EVENT_ID = "7f1d3c9a-0b7e-4f43-9a55-2f1c8d0e6b21";
    static final String RELEASE_ID = "c0ffee00-1234-4abc-8def-00000000a1b2";
    static final String SHA = "3f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39";
    static final String IMAGE = "ghcr.io/acme/shop:1.4.3@sha256:" + "ab".repeat(32);
    static final Instant AT = Instant.parse("2026-12-07T08:15:30Z");

    private NoticeSamples() {
    }

    static ApplyEvent release(String eventId, String cluster, ApplyStatus status) {
        Meta meta = Meta.newBuilder().setEventId(eventId).setOccurredAt(AT).setProducer("cluster-applier")
                .setCorrelationId(RELEASE_ID).setCausationId(null).build();
        ObjectRef shop = ObjectRef.newBuilder().setGroup("apps").setVersion("v1").setKind("Deployment")
                .setNamespace("shop").setName("shop").build();
        ObjectRef service = ObjectRef.newBuilder().setGroup("").setVersion("v1").setKind("Service")
                .setNamespace("shop").setName("shop").build();
        return ApplyEvent.newBuilder().setMeta(meta).setPayload(ApplyCompleted.newBuilder().setCluster(cluster)
                .setConfigRepo("https://git.test/acme/config.git").setBranch("main").setCommitSha(SHA)
                .setTrigger(ApplyTrigger.COMMIT).setStartedAt(AT.minusSeconds(4)).setDurationMs(4_000)
                .setStatus(status).setInventoryId(cluster).setResults(List.of(
                        ObjectResult.newBuilder().setObject(shop).setAction(ObjectAction.CONFIGURED)
                                .setHealth(Health.HEALTHY).setImages(List.of(IMAGE)).build(),
                        ObjectResult.newBuilder().setObject(service).setAction(ObjectAction.UNCHANGED)
                                .setHealth(Health.HEALTHY).build()))
                .build()).build();
    }

    static Notice notice(String webBaseUrl) {
        return new Notices(webBaseUrl).of("shiplog.applies", "prod-eu", release(EVENT_ID, "prod-eu",
                ApplyStatus.SUCCEEDED)).orElseThrow();
    }
}
