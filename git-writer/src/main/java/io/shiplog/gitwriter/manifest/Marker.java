package io.shiplog.gitwriter.manifest;

import io.shiplog.schemas.image.ImageReference;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An inline marker comment on the line of a value: Shiplog's {@code {"$shiplog": "<spec>", ...}} or Flux's
 * {@code {"$imagepolicy": "<ns>:<name>[:tag|:name|:digest]"}}. A comment is a marker when, trimmed, it starts with
 * {@code {} and mentions {@code $shiplog} or {@code $imagepolicy}; it must then be a valid JSON object.
 *
 * @param spec       Shiplog policy spec (null for Flux)
 * @param policyRef  Flux {@code <ns>:<name>} (null for Shiplog)
 * @param part       which part of the image the value holds
 * @param repository Shiplog's {@code "repository"} for a tag or digest with no repository beside it, else null
 * @param locked     Shiplog's {@code "locked": true}
 */
record Marker(MarkerStyle style, String spec, String policyRef, ValuePart part, String repository, boolean locked) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> SHIPLOG_KEYS = Set.of("$shiplog", "part", "repository", "locked");
    private static final Map<String, ValuePart> FLUX_PARTS = Map.of("tag", ValuePart.TAG, "name", ValuePart.REPOSITORY,
            "digest", ValuePart.DIGEST);

    /** A marker that cannot be used; the message says why. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    /** Reads a comment's text (after {@code #}); empty when it is no marker. */
    static Optional<Marker> parse(String comment) throws Invalid {
        String text = comment.strip();
        if (!text.startsWith("{") || !(text.contains("$shiplog") || text.contains("$imagepolicy"))) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new Invalid("marker is not valid JSON: " + text + " (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new Invalid("marker is not a JSON object: " + text);
        }
        if (node.has("$imagepolicy")) {
            return Optional.of(flux(node, text));
        }
        if (node.has("$shiplog")) {
            return Optional.of(shiplog(node, text));
        }
        throw new Invalid("marker names neither \"$shiplog\" nor \"$imagepolicy\" as a key: " + text);
    }

    private static Marker flux(JsonNode node, String text) throws Invalid {
        JsonNode value = node.get("$imagepolicy");
        if (!value.isString()) {
            throw new Invalid("\"$imagepolicy\" must be a string \"<namespace>:<name>[:tag|:name|:digest]\": " + text);
        }
        String[] parts = value.asString().split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new Invalid("\"$imagepolicy\" must be \"<namespace>:<name>[:tag|:name|:digest]\", got \""
                    + value.asString() + "\"");
        }
        ValuePart part = ValuePart.FULL;
        if (parts.length == 3) {
            part = FLUX_PARTS.get(parts[2]);
            if (part == null) {
                throw new Invalid("\"$imagepolicy\" field '" + parts[2] + "' must be tag, name or digest: " + text);
            }
        }
        return new Marker(MarkerStyle.FLUX_V2, null, parts[0] + ":" + parts[1], part, null, false);
    }

    private static Marker shiplog(JsonNode node, String text) throws Invalid {
        for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!SHIPLOG_KEYS.contains(name)) {
                throw new Invalid("unknown key \"" + name + "\" in marker " + text + "; keys are " + SHIPLOG_KEYS.stream().sorted().toList());
            }
        }
        JsonNode spec = node.get("$shiplog");
        if (!spec.isString() || spec.asString().isBlank()) {
            throw new Invalid("\"$shiplog\" must be a policy spec string: " + text);
        }
        ValuePart part = ValuePart.FULL;
        if (node.has("part")) {
            try {
                part = ValuePart.valueOf(node.get("part").asString().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Invalid("\"part\" must be full, registry, repository, tag or digest, got "
                        + node.get("part") + ": " + text);
            }
        }
        String repository = null;
        if (node.has("repository")) {
            repository = node.get("repository").asString();
            if (!ImageReference.isValid(repository)) {
                throw new Invalid("\"repository\" is not an image repository: " + node.get("repository"));
            }
        }
        boolean locked = false;
        if (node.has("locked")) {
            if (!node.get("locked").isBoolean()) {
                throw new Invalid("\"locked\" must be true or false: " + text);
            }
            locked = node.get("locked").asBoolean();
        }
        return new Marker(MarkerStyle.SHIPLOG, spec.asString().strip(), null, part, repository, locked);
    }
}
