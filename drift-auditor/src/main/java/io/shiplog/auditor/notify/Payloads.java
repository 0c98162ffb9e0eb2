package io.shiplog.auditor.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shiplog.auditor.config.NotificationProperties.CloudEventsMode;
import io.shiplog.auditor.config.NotificationProperties.Target;
import io.shiplog.schemas.cdevents.CloudEvent;
import io.shiplog.schemas.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The request each kind of target receives for a notice: a Slack message of Block Kit blocks, a Teams workflow
 * message whose attachment is an Adaptive Card, a generic webhook's JSON signed with HMAC-SHA256, or the notice's
 * CloudEvent (CDEvent) in structured or binary mode. Every one names the event id, the image(s), the commit, the
 * clusters and the link to the release's trace.
 */
final class Payloads {

    /** Header of the generic webhook's signature: {@code sha256=<hex HMAC-SHA256 of the body>}. */
    static final String SIGNATURE = "X-Shiplog-Signature";
    /** Header of the generic webhook's send time (Unix seconds), also in the signed body as {@code sentAt}. */
    static final String TIMESTAMP = "X-Shiplog-Timestamp";
    /** Header naming the event, on every target's request. */
    static final String EVENT_ID = "X-Shiplog-Event-Id";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Payloads() {
    }

    /** The request for {@code target}; {@code now} is the send time the webhook signs. */
    static Outgoing build(Target target, Notice notice, Instant now) {
        return switch (target.type()) {
            case SLACK -> json(slack(notice), notice);
            case TEAMS -> json(teams(notice), notice);
            case WEBHOOK -> webhook(notice, now, new WebhookSignature(target.secret()));
            case CLOUDEVENTS -> cloudEvent(notice.cloudEvent(), target.mode(), notice);
        };
    }

    static ObjectNode slack(Notice notice) {
        ObjectNode message = NODES.objectNode();
        message.put("text", notice.title());
        ArrayNode blocks = message.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", truncate(notice.title(), 150));
        ObjectNode section = blocks.addObject().put("type", "section");
        ArrayNode fields = section.putArray("fields");
        facts(notice).entrySet().stream().limit(10).forEach(fact -> fields.addObject().put("type", "mrkdwn")
                .put("text", "*" + fact.getKey() + "*\n" + truncate(fact.getValue(), 1900)));
        if (notice.link() != null) {
            ObjectNode actions = blocks.addObject().put("type", "actions");
            ObjectNode button = actions.putArray("elements").addObject().put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", "View release trace");
            button.put("url", notice.link());
        }
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", footer(notice));
        return message;
    }

    static ObjectNode teams(Notice notice) {
        ObjectNode card = NODES.objectNode();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", notice.title()).put("weight", "Bolder")
                .put("size", "Medium").put("wrap", true)
                .put("color", switch (notice.severity()) {
                    case INFO -> "Default";
                    case WARNING -> "Warning";
                    case ERROR -> "Attention";
                });
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        facts(notice).forEach((label, value) -> facts.addObject().put("title", label).put("value", value));
        body.addObject().put("type", "TextBlock").put("text", footer(notice)).put("isSubtle", true)
                .put("size", "Small").put("wrap", true);
        if (notice.link() != null) {
            card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", "View release trace")
                    .put("url", notice.link());
        }
        ObjectNode message = NODES.objectNode();
        message.put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        attachment.set("content", card);
        return message;
    }

    static ObjectNode webhookBody(Notice notice, Instant now) {
        ObjectNode body = NODES.objectNode();
        body.put("eventId", notice.eventId());
        body.put("type", notice.type());
        body.put("severity", notice.severity().name().toLowerCase(Locale.ROOT));
        body.put("title", notice.title());
        body.put("occurredAt", notice.occurredAt().toString());
        body.put("sentAt", now.getEpochSecond());
        ObjectNode release = body.putObject("release");
        release.put("id", notice.releaseId());
        if (notice.link() == null) {
            release.putNull("link");
        } else {
            release.put("link", notice.link());
        }
        notice.clusters().forEach(body.putArray("clusters")::add);
        notice.apps().forEach(body.putArray("apps")::add);
        notice.images().forEach(body.putArray("images")::add);
        if (notice.commit() == null) {
            body.putNull("commit");
        } else {
            body.put("commit", notice.commit());
        }
        ObjectNode facts = body.putObject("facts");
        notice.facts().forEach(facts::put);
        return body;
    }

    private static Outgoing webhook(Notice notice, Instant now, WebhookSignature signature) {
        byte[] body = webhookBody(notice, now).toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(EVENT_ID, notice.eventId());
        headers.put(TIMESTAMP, String.valueOf(now.getEpochSecond()));
        headers.put(SIGNATURE, signature.sign(body));
        return new Outgoing(body, headers);
    }

    private static Outgoing cloudEvent(CloudEvent event, CloudEventsMode mode, Notice notice) {
        if (mode == CloudEventsMode.BINARY) {
            Map<String, String> headers = new LinkedHashMap<>(event.binaryHeaders());
            headers.put(EVENT_ID, notice.eventId());
            return new Outgoing(event.data().toString().getBytes(StandardCharsets.UTF_8), headers);
        }
        return new Outgoing(event.structured().getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", CloudEvent.STRUCTURED_CONTENT_TYPE, EVENT_ID, notice.eventId()));
    }

    private static Outgoing json(ObjectNode body, Notice notice) {
        return new Outgoing(body.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", EVENT_ID, notice.eventId()));
    }

    /** The labelled values a person reads: images, commit, clusters, apps, severity, then the notice's own facts. */
    private static Map<String, String> facts(Notice notice) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (!notice.images().isEmpty()) {
            facts.put("Image", String.join("\n", notice.images()));
        }
        if (notice.commit() != null) {
            facts.put("Commit", notice.shortCommit());
        }
        if (!notice.clusters().isEmpty()) {
            facts.put("Clusters", String.join(", ", notice.clusters()));
        }
        if (!notice.apps().isEmpty()) {
            facts.put("Apps", String.join(", ", notice.apps()));
        }
        facts.put("Severity", notice.severity().name().toLowerCase(Locale.ROOT));
        facts.putAll(notice.facts());
        return facts;
    }

    private static String footer(Notice notice) {
        return notice.type() + " · event " + notice.eventId() + " · release " + notice.releaseId() + " · "
                + notice.occurredAt();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
