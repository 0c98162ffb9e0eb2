package io.shiplog.schemas.cdevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A CloudEvent 1.0 whose data is JSON: its context attributes ({@code specversion}, {@code id}, {@code source},
 * {@code type}, optional ones and extensions, in that order) and its data. {@link #structured()} is the JSON event
 * format ({@code application/cloudevents+json}); {@link #binaryHeaders()} and {@link #data()} are the HTTP binary
 * content mode (attributes as {@code ce-} headers, the data as the body).
 */
public record CloudEvent(Map<String, String> attributes, JsonNode data) {

    /** The CloudEvents specification version of every event. */
    public static final String SPEC_VERSION = "1.0";
    /** Media type of a structured-mode body. */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";

    public CloudEvent {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        Objects.requireNonNull(data, "data");
        for (String required : new String[] {"specversion", "id", "source", "type"}) {
            if (!attributes.containsKey(required)) {
                throw new IllegalArgumentException("a CloudEvent needs the attribute '" + required + "'");
            }
        }
    }

    public String id() {
        return attributes.get("id");
    }

    public String type() {
        return attributes.get("type");
    }

    /** The event in the JSON event format: every attribute and {@code data}. */
    public String structured() {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        attributes.forEach(event::put);
        event.set("data", data);
        return event.toString();
    }

    /** The attributes as binary-mode HTTP headers: {@code ce-<name>}, {@code datacontenttype} as Content-Type. */
    public Map<String, String> binaryHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        attributes.forEach((name, value) -> headers.put(name.equals("datacontenttype") ? "Content-Type" : "ce-" + name,
                value));
        return headers;
    }
}
