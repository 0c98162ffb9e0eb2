package io.shiplog.schemas.cdevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shiplog.schemas.image.ImageReference;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;

/**
 * Shiplog events as CloudEvents 1.0 carrying CDEvents of spec {@value #SPEC} (every event type from that one
 * release): a found or moved tag is {@code artifact.published}, a commit {@code change.merged}, an apply started
 * {@code taskrun.started}, a succeeded apply {@code service.deployed} (the cluster is the environment, the first
 * applied image the artifact), a failed or partly failed apply, an apply that could not run and detected drift
 * {@code incident.detected}, resolved drift {@code incident.resolved}. The release is the CDEvent's {@code chainId},
 * the event that caused it a {@code PATH} link; the Shiplog event itself travels as the CDEvent's {@code customData}.
 * Events without a CDEvents counterpart (watch list, skipped updates, commands, …) are plain CloudEvents of type
 * {@code dev.shiplog.<name>.0.1.0} whose data is the Shiplog event.
 *
 * <p>Used by {@code shiplog audit export} and by the auditor's CloudEvents notifications, so both speak the same
 * version. Works on generic and specific Avro records alike.
 */
public final class CdEvents {

    /** The CDEvents specification release every event follows. */
    public static final String SPEC = "0.4.1";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ARTIFACT_PUBLISHED = "dev.cdevents.artifact.published.0.2.0";
    private static final String CHANGE_MERGED = "dev.cdevents.change.merged.0.2.0";
    private static final String TASKRUN_STARTED = "dev.cdevents.taskrun.started.0.2.0";
    private static final String SERVICE_DEPLOYED = "dev.cdevents.service.deployed.0.2.0";
    private static final String INCIDENT_DETECTED = "dev.cdevents.incident.detected.0.2.0";
    private static final String INCIDENT_RESOLVED = "dev.cdevents.incident.resolved.0.2.0";
    /** The CDEvent types the mapping produces, each at the version spec {@value #SPEC} defines. */
    public static final Set<String> TYPES = Set.of(ARTIFACT_PUBLISHED, CHANGE_MERGED, TASKRUN_STARTED,
            SERVICE_DEPLOYED, INCIDENT_DETECTED, INCIDENT_RESOLVED);

    private CdEvents() {
    }

    /**
     * The CloudEvent of one envelope ({@code meta} and {@code payload}) read from {@code topic} under {@code key}.
     * Its source (and the CDEvent's) is the URI path {@code /shiplog/<producer>}, the producer percent-encoded.
     * Extensions name the topic ({@code shiplogtopic}), the Shiplog type ({@code shiplogtype}) and the cause
     * ({@code shiplogcausationid}).
     */
    public static CloudEvent cloudEvent(String topic, String key, GenericRecord envelope) {
        GenericRecord meta = (GenericRecord) envelope.get("meta");
        GenericRecord payload = (GenericRecord) envelope.get("payload");
        String name = payload.getSchema().getName();
        String id = String.valueOf(meta.get("eventId"));
        String source = "/shiplog/" + encode(String.valueOf(meta.get("producer")));
        String time = instant(meta.get("occurredAt")).toString();
        JsonNode shiplog = AvroJson.of(payload, payload.getSchema());
        Optional<ObjectNode> cdevent = cdevent(name, payload, meta, source, time, shiplog);

        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("specversion", CloudEvent.SPEC_VERSION);
        attributes.put("id", id);
        attributes.put("source", source);
        attributes.put("type", cdevent.map(e -> e.path("context").path("type").asText())
                .orElse("dev.shiplog." + name.toLowerCase(Locale.ROOT) + ".0.1.0"));
        attributes.put("time", time);
        if (key != null) {
            attributes.put("subject", key);
        }
        attributes.put("datacontenttype", "application/json");
        attributes.put("shiplogtopic", topic);
        attributes.put("shiplogtype", name);
        if (meta.get("causationId") != null) {
            attributes.put("shiplogcausationid", String.valueOf(meta.get("causationId")));
        }
        return new CloudEvent(attributes, cdevent.<JsonNode>map(e -> e).orElse(shiplog));
    }

    /** The CDEvent of a Shiplog event, when one fits. */
    private static Optional<ObjectNode> cdevent(String name, GenericRecord payload, GenericRecord meta,
                                                String source, String time, JsonNode shiplog) {
        ObjectNode content = NODES.objectNode();
        String type;
        String subjectType;
        String subjectId;
        switch (name) {
            case "TagDiscovered", "TagMoved" -> {
                type = ARTIFACT_PUBLISHED;
                subjectType = "artifact";
                subjectId = purl(payload.get("repository") + ":" + payload.get("tag")
                        + (payload.get("digest") == null ? "" : "@" + payload.get("digest")));
            }
            case "ManifestsCommitted", "CommitObserved" -> {
                type = CHANGE_MERGED;
                subjectType = "change";
                subjectId = String.valueOf(payload.get("sha"));
                content.putObject("repository").put("id", String.valueOf(payload.get("configRepo")));
            }
            case "ApplyStarted" -> {
                type = TASKRUN_STARTED;
                subjectType = "taskRun";
                subjectId = String.valueOf(meta.get("eventId"));
                content.put("taskName", "apply " + payload.get("cluster") + " at " + payload.get("commitSha"));
            }
            case "ApplyCompleted" -> {
                String cluster = String.valueOf(payload.get("cluster"));
                Optional<String> image = firstImage(payload);
                if ("SUCCEEDED".equals(String.valueOf(payload.get("status")))) {
                    type = SERVICE_DEPLOYED;
                    subjectType = "service";
                    subjectId = cluster;
                    content.putObject("environment").put("id", cluster);
                    content.put("artifactId", image.map(CdEvents::purl).orElseGet(() -> configPurl(payload)));
                } else {
                    type = INCIDENT_DETECTED;
                    subjectType = "incident";
                    subjectId = String.valueOf(meta.get("eventId"));
                    content.put("description", "apply of " + payload.get("commitSha") + " to " + cluster + " "
                            + String.valueOf(payload.get("status")).toLowerCase(Locale.ROOT).replace('_', ' '));
                    content.putObject("environment").put("id", cluster);
                    image.ifPresent(i -> content.put("artifactId", purl(i)));
                }
            }
            case "ApplyFailed" -> {
                type = INCIDENT_DETECTED;
                subjectType = "incident";
                subjectId = String.valueOf(meta.get("eventId"));
                content.put("description", "apply to " + payload.get("cluster") + " failed: " + payload.get("reason"));
                content.putObject("environment").put("id", String.valueOf(payload.get("cluster")));
            }
            case "DriftDetected" -> {
                type = INCIDENT_DETECTED;
                subjectType = "incident";
                subjectId = String.valueOf(meta.get("eventId"));
                content.put("description", "drift " + String.valueOf(payload.get("kind")).toLowerCase(Locale.ROOT)
                        + ": " + object((GenericRecord) payload.get("object")));
                content.putObject("environment").put("id", String.valueOf(payload.get("cluster")));
            }
            case "DriftResolved" -> {
                type = INCIDENT_RESOLVED;
                subjectType = "incident";
                Object detected = payload.get("detectedEventId");
                subjectId = String.valueOf(detected != null ? detected : meta.get("eventId"));
                content.put("description", "drift resolved: " + object((GenericRecord) payload.get("object")));
                content.putObject("environment").put("id", String.valueOf(payload.get("cluster")));
            }
            default -> {
                return Optional.empty();
            }
        }
        ObjectNode event = NODES.objectNode();
        ObjectNode context = event.putObject("context");
        context.put("version", SPEC);
        context.put("id", String.valueOf(meta.get("eventId")));
        context.put("source", source);
        context.put("type", type);
        context.put("timestamp", time);
        context.put("chainId", String.valueOf(meta.get("correlationId")));
        if (meta.get("causationId") != null) {
            ObjectNode path = context.putArray("links").addObject().put("linkType", "PATH");
            path.putObject("from").put("contextId", String.valueOf(meta.get("causationId")));
            // empty but present: the CDEvents Go SDK renders a missing one as null, which its own schema rejects
            path.putObject("tags");
        }
        ObjectNode subject = event.putObject("subject");
        subject.put("id", subjectId);
        subject.put("source", source);
        subject.put("type", subjectType);
        subject.set("content", content);
        event.set("customData", shiplog);
        event.put("customDataContentType", "application/json");
        return Optional.of(event);
    }

    /**
     * A container image as a package URL of type {@code oci}: {@code pkg:oci/<name>@<digest>?repository_url=…&tag=…}
     * (the version is the digest, percent-encoded; without one there is no version).
     */
    public static String purl(String image) {
        Optional<ImageReference> parsed = ImageReference.tryParse(image);
        if (parsed.isEmpty()) {
            return "pkg:generic/" + encode(image);
        }
        ImageReference reference = parsed.get();
        String path = reference.path();
        StringBuilder purl = new StringBuilder("pkg:oci/").append(path.substring(path.lastIndexOf('/') + 1));
        if (reference.digest() != null) {
            purl.append('@').append(encode(reference.digest()));
        }
        purl.append("?repository_url=").append(encode(reference.repository()));
        if (reference.tag() != null) {
            purl.append("&tag=").append(encode(reference.tag()));
        }
        return purl.toString();
    }

    /** The first image (in name order) of the workloads an apply created or configured, else of any workload. */
    @SuppressWarnings("unchecked")
    private static Optional<String> firstImage(GenericRecord completed) {
        TreeSet<String> changed = new TreeSet<>();
        TreeSet<String> any = new TreeSet<>();
        for (Object result : (Collection<Object>) completed.get("results")) {
            GenericRecord object = (GenericRecord) result;
            String action = String.valueOf(object.get("action"));
            for (Object image : (Collection<Object>) object.get("images")) {
                any.add(image.toString());
                if (action.equals("CREATED") || action.equals("CONFIGURED")) {
                    changed.add(image.toString());
                }
            }
        }
        return Optional.ofNullable(changed.isEmpty() ? (any.isEmpty() ? null : any.first()) : changed.first());
    }

    /** An apply without images: the configuration commit as a generic package. */
    private static String configPurl(GenericRecord completed) {
        String repo = String.valueOf(completed.get("configRepo"));
        String name = repo.substring(repo.lastIndexOf('/') + 1).replaceAll("\\.git$", "");
        return "pkg:generic/" + encode(name.isEmpty() ? "config" : name) + "@" + completed.get("commitSha")
                + "?vcs_url=" + encode(repo);
    }

    private static String object(GenericRecord object) {
        Object namespace = object.get("namespace");
        return object.get("kind") + " " + (namespace == null ? "" : namespace + "/") + object.get("name");
    }

    private static Instant instant(Object value) {
        return value instanceof Instant instant ? instant : Instant.ofEpochMilli(((Number) value).longValue());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }
}
