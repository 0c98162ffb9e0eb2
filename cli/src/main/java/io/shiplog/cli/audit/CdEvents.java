package io.shiplog.cli.audit;

import java.time.Instant;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shiplog events as CloudEvents 1.0 (structured JSON) whose data is a CDEvent (spec v0.4): a found tag is an
 * artifact published, a commit a change merged, a completed apply a service deployed (or an incident when it
 * failed), drift an incident detected/resolved. Events without a CDEvents counterpart keep a {@code dev.shiplog.*}
 * type. The Shiplog event itself is kept under {@code data.subject.content.shiplog}.
 */
final class CdEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SPEC = "0.4.1";
    private static final Map<String, String> TYPES = Map.of(
            "TagDiscovered", "dev.cdevents.artifact.published.0.2.0",
            "TagMoved", "dev.cdevents.artifact.published.0.2.0",
            "ManifestsCommitted", "dev.cdevents.change.merged.0.2.0",
            "CommitObserved", "dev.cdevents.change.merged.0.2.0",
            "ApplyStarted", "dev.cdevents.taskrun.started.0.2.0",
            "ApplyFailed", "dev.cdevents.incident.detected.0.2.0",
            "DriftDetected", "dev.cdevents.incident.detected.0.2.0",
            "DriftResolved", "dev.cdevents.incident.resolved.0.2.0");

    private CdEvents() {
    }

    static String cloudEvent(String topic, String key, GenericRecord event) {
        GenericRecord meta = (GenericRecord) event.get("meta");
        GenericRecord payload = (GenericRecord) event.get("payload");
        String name = payload.getSchema().getName();
        String type = type(name, payload);
        String id = String.valueOf(meta.get("eventId"));
        String source = "/shiplog/" + meta.get("producer");
        String time = Instant.ofEpochMilli(((Number) meta.get("occurredAt")).longValue()).toString();

        ObjectNode context = JSON.createObjectNode();
        context.put("version", SPEC);
        context.put("id", id);
        context.put("source", source);
        context.put("type", type);
        context.put("timestamp", time);
        context.put("chainId", String.valueOf(meta.get("correlationId")));
        ObjectNode subject = JSON.createObjectNode();
        subject.put("id", subjectId(name, key, payload));
        subject.put("source", source);
        ObjectNode content = JSON.createObjectNode();
        JsonNode shiplog = JSON.readTree(payload.toString());
        content.set("shiplog", shiplog);
        subject.set("content", content);
        ObjectNode data = JSON.createObjectNode();
        data.set("context", context);
        data.set("subject", subject);

        ObjectNode cloud = JSON.createObjectNode();
        cloud.put("specversion", "1.0");
        cloud.put("id", id);
        cloud.put("source", source);
        cloud.put("type", type);
        cloud.put("time", time);
        cloud.put("subject", key);
        cloud.put("datacontenttype", "application/json");
        cloud.put("shiplogtopic", topic);
        cloud.put("shiplogtype", name);
        if (meta.get("causationId") != null) {
            cloud.put("shiplogcausationid", String.valueOf(meta.get("causationId")));
        }
        cloud.set("data", data);
        return cloud.toString();
    }

    static String type(String name, GenericRecord payload) {
        if (name.equals("ApplyCompleted")) {
            return "SUCCEEDED".equals(String.valueOf(payload.get("status"))) ? "dev.cdevents.service.deployed.0.2.0"
                    : "dev.cdevents.incident.detected.0.2.0";
        }
        return TYPES.getOrDefault(name, "dev.shiplog." + name.toLowerCase() + ".0.1.0");
    }

    private static String subjectId(String name, String key, GenericRecord payload) {
        return switch (name) {
            case "TagDiscovered", "TagMoved" -> payload.get("repository") + ":" + payload.get("tag")
                    + (payload.get("digest") == null ? "" : "@" + payload.get("digest"));
            case "ManifestsCommitted", "CommitObserved" -> String.valueOf(payload.get("sha"));
            default -> key == null ? name : key;
        };
    }
}
