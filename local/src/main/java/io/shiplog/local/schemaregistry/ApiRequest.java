package io.shiplog.local.schemaregistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One HTTP request as the API handlers see it: decoded path parameters, query parameters and the body. */
record ApiRequest(String method, String path, List<String> params, Map<String, String> query, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    String param(int index) {
        return params.get(index);
    }

    /** A query flag such as {@code ?deleted=true}; absent means false. */
    boolean flag(String name) {
        return "true".equalsIgnoreCase(query.getOrDefault(name, "false").trim());
    }

    /** A path parameter that must be a schema id; 404 naming it otherwise. */
    int idParam(int index) {
        try {
            return Integer.parseInt(param(index));
        } catch (NumberFormatException e) {
            throw RegistryException.notFound(path + " (schema id '" + param(index) + "' is not a number)");
        }
    }

    /** The body as a JSON object; 400 for malformed JSON, 422 for an empty body or anything but an object. */
    JsonNode json() {
        if (body.length == 0) {
            throw RegistryException.unprocessable("The request body is empty; " + method + " " + path
                    + " expects a JSON object");
        }
        JsonNode node;
        try {
            node = JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw RegistryException.badRequest("Malformed JSON in the request body of " + method + " " + path + ": "
                    + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw RegistryException.unprocessable("The request body of " + method + " " + path
                    + " must be a JSON object");
        }
        return node;
    }
}
