package io.shiplog.schemas.cdevents;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftKind;
import io.shiplog.events.DriftResolved;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.Meta;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.events.ObjectResult;
import io.shiplog.events.TagDiscovered;
import io.shiplog.schemas.testing.SampleEvents.Keyed;
import io.shiplog.schemas.testing.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Every envelope of the sample log, plus the variants the CDEvents mapping treats differently: optional fields absent
 * (no digest, no commit, no namespace, no detection id, a root event without a cause), a succeeded apply with and
 * without images, a failed apply without images, an image on Docker Hub and a producer whose name is no URI path.
 */
final class CdEventSamples {

    private CdEventSamples() {
    }

    static List<Keyed> all() {
        List<Keyed> events = new ArrayList<>();
        for (Keyed event : SampleEvents.all()) {
            if (event.value().getSchema().getField("payload") != null) {
                events.add(event);
            }
        }
        events.add(succeededApply());
        events.add(variant(ApplyCompleted.class, "succeeded apply without images", p -> {
            p.put("status", ApplyStatus.SUCCEEDED);
            p.put("results", List.of());
        }));
        events.add(variant(ApplyCompleted.class, "failed apply without images", p -> {
            p.put("status", ApplyStatus.FAILED);
            p.put("results", List.of(ObjectResult.newBuilder(firstResult(p)).setAction(ObjectAction.FAILED)
                    .setImages(List.of()).setMessage(null).setSourcePath(null).build()));
        }));
        events.add(variant(TagDiscovered.class, "tag without digest, media type or times", p -> {
            p.put("digest", null);
            p.put("mediaType", null);
            p.put("createdAt", null);
            p.put("pushedAt", null);
            p.put("platforms", List.of());
        }));
        events.add(variant(TagDiscovered.class, "tag of a Docker Hub image", p -> {
            p.put("repository", "docker.io/library/nginx");
            p.put("registry", "docker.io");
            p.put("tag", "1.27.3-alpine");
        }));
        events.add(variant(ManifestsCommitted.class, "commit without parent", p -> p.put("parentSha", null)));
        events.add(variant(CommitObserved.class, "commit without committer", p -> p.put("committer", null)));
        events.add(variant(ApplyFailed.class, "apply failure without commit or retry", p -> {
            p.put("commitSha", null);
            p.put("nextRetryAt", null);
        }));
        events.add(variant(DriftDetected.class, "deleted cluster-scoped object, no commit", p -> {
            p.put("commitSha", null);
            p.put("kind", DriftKind.DELETED);
            p.put("object", ObjectRef.newBuilder().setGroup("rbac.authorization.k8s.io").setVersion("v1")
                    .setKind("ClusterRole").setNamespace(null).setName("app-reader").build());
            p.put("fields", List.of());
        }));
        events.add(variant(DriftResolved.class, "resolution without detection id", p -> {
            p.put("detectedEventId", null);
            p.put("detectedAt", null);
        }));
        events.add(withMeta(variant(ApplyCompleted.class, "root event from an odd producer",
                p -> p.put("status", ApplyStatus.SUCCEEDED)), meta -> {
            meta.setCausationId(null);
            meta.setCorrelationId(meta.getEventId());
            meta.setProducer("cluster-applier/Ada's laptop #2");
        }));
        return events;
    }

    /** The sample apply (which partly failed) as a succeeded one: a {@code service.deployed} with an image. */
    static Keyed succeededApply() {
        return variant(ApplyCompleted.class, "succeeded apply", p -> p.put("status", ApplyStatus.SUCCEEDED));
    }

    /** A copy of the sample whose payload is of {@code payloadType}, its payload changed by {@code change}. */
    private static Keyed variant(Class<? extends SpecificRecord> payloadType, String description,
                                 Consumer<SpecificRecordBase> change) {
        Keyed sample = SampleEvents.all().stream()
                .filter(e -> payloadType.isInstance(e.value().get(e.value().getSchema().getField("payload").pos())))
                .findFirst().orElseThrow(() -> new IllegalStateException("no sample " + payloadType.getSimpleName()
                        + " for the variant '" + description + "'"));
        SpecificRecordBase envelope = copy(sample.value());
        SpecificRecordBase payload = (SpecificRecordBase) envelope.get("payload");
        change.accept(payload);
        String eventId = UUID.nameUUIDFromBytes(description.getBytes(StandardCharsets.UTF_8)).toString();
        ((Meta) envelope.get("meta")).setEventId(eventId);
        return new Keyed(sample.topic(), sample.key(), envelope);
    }

    private static Keyed withMeta(Keyed event, Consumer<Meta> change) {
        SpecificRecordBase envelope = copy(event.value());
        change.accept((Meta) envelope.get("meta"));
        return new Keyed(event.topic(), event.key(), envelope);
    }

    private static ObjectResult firstResult(SpecificRecordBase completed) {
        return ((List<?>) completed.get("results")).stream().map(ObjectResult.class::cast).findFirst().orElseThrow();
    }

    private static SpecificRecordBase copy(SpecificRecord record) {
        return (SpecificRecordBase) SpecificData.get().deepCopy(record.getSchema(), record);
    }
}
