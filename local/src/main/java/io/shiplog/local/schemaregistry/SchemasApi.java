package io.shiplog.local.schemaregistry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /schemas/...}: schemas by global id, and the supported schema types. */
final class SchemasApi {

    private final Registry registry;

    SchemasApi(Registry registry) {
        this.registry = registry;
    }

    void addTo(HttpRouter router) {
        router.add("GET", "/schemas/types", r -> ApiResponse.ok(List.of("AVRO")))
                .add("GET", "/schemas/ids/{}", this::byId)
                .add("GET", "/schemas/ids/{}/schema",
                        r -> ApiResponse.rawText(registry.schema(r.idParam(0)).schema()))
                .add("GET", "/schemas/ids/{}/subjects", r -> ApiResponse.ok(
                        registry.versionsWithId(r.idParam(0), r.flag("deleted")).stream()
                                .map(SubjectVersion::subject).distinct().toList()))
                .add("GET", "/schemas/ids/{}/versions", r -> ApiResponse.ok(
                        registry.versionsWithId(r.idParam(0), r.flag("deleted")).stream()
                                .map(SchemasApi::subjectVersion).toList()));
    }

    private static Map<String, Object> subjectVersion(SubjectVersion version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", version.subject());
        body.put("version", version.version());
        return body;
    }

    private ApiResponse byId(ApiRequest request) {
        SchemaDefinition definition = registry.schema(request.idParam(0));
        Map<String, Object> body = new LinkedHashMap<>();
        SubjectsApi.putReferences(body, definition.references());
        body.put("schema", definition.schema());
        return ApiResponse.ok(body);
    }
}
