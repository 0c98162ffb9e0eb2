package io.shiplog.local.schemaregistry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /config}, {@code /compatibility}, {@code /mode} and the root resource. */
final class ConfigApi {

    private final CompatibilityConfig config;
    private final Registry registry;

    ConfigApi(CompatibilityConfig config, Registry registry) {
        this.config = config;
        this.registry = registry;
    }

    void addTo(HttpRouter router) {
        router.add("GET", "/", r -> ApiResponse.ok(Map.of()))
                .add("GET", "/mode", r -> ApiResponse.ok(Map.of("mode", "READWRITE")))
                .add("GET", "/config", r -> level(config.global()))
                .add("PUT", "/config", r -> {
                    CompatibilityLevel level = requestedLevel(r);
                    config.setGlobal(level);
                    return ApiResponse.ok(Map.of("compatibility", level.name()));
                })
                .add("DELETE", "/config", r -> level(config.resetGlobal()))
                .add("GET", "/config/{}", r -> level(config.subject(r.param(0), r.flag("defaultToGlobal"))))
                .add("PUT", "/config/{}", r -> {
                    CompatibilityLevel level = requestedLevel(r);
                    config.setSubject(r.param(0), level);
                    return ApiResponse.ok(Map.of("compatibility", level.name()));
                })
                .add("DELETE", "/config/{}", r -> level(config.deleteSubject(r.param(0))))
                .add("POST", "/compatibility/subjects/{}/versions", r -> compatibility(r, null))
                .add("POST", "/compatibility/subjects/{}/versions/{}", r -> compatibility(r, r.param(1)));
    }

    private static ApiResponse level(CompatibilityLevel level) {
        return ApiResponse.ok(Map.of("compatibilityLevel", level.name()));
    }

    private static CompatibilityLevel requestedLevel(ApiRequest request) {
        JsonNode level = request.json().get("compatibility");
        return CompatibilityLevel.parse(level != null && level.isTextual() ? level.asText() : String.valueOf(level));
    }

    private ApiResponse compatibility(ApiRequest request, String version) {
        if (version != null) {
            Versions.parse(version);
        }
        var messages = registry.checkCompatibility(request.param(0), version, SchemaInput.fromJson(request.json()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("is_compatible", messages.isEmpty());
        if (request.flag("verbose")) {
            body.put("messages", messages);
        }
        return ApiResponse.ok(body);
    }
}
