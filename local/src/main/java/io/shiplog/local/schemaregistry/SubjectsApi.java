package io.shiplog.local.schemaregistry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /subjects/...}: register, look up, list, read and delete subject versions. */
final class SubjectsApi {

    private final Registry registry;
    private final Deletions deletions;

    SubjectsApi(Registry registry, Deletions deletions) {
        this.registry = registry;
        this.deletions = deletions;
    }

    void addTo(HttpRouter router) {
        router.add("GET", "/subjects", r -> ApiResponse.ok(registry.subjects(r.flag("deleted"))))
                .add("GET", "/subjects/{}/versions",
                        r -> ApiResponse.ok(registry.versions(r.param(0), r.flag("deleted"))))
                .add("POST", "/subjects/{}/versions", this::register)
                .add("POST", "/subjects/{}", this::lookup)
                .add("DELETE", "/subjects/{}",
                        r -> ApiResponse.ok(deletions.deleteSubject(r.param(0), r.flag("permanent"))))
                .add("GET", "/subjects/{}/versions/{}",
                        r -> ApiResponse.ok(view(registry.version(r.param(0), r.param(1), r.flag("deleted")))))
                .add("GET", "/subjects/{}/versions/{}/schema", r -> ApiResponse.rawText(
                        registry.version(r.param(0), r.param(1), r.flag("deleted")).definition().schema()))
                .add("GET", "/subjects/{}/versions/{}/referencedby",
                        r -> ApiResponse.ok(registry.referencedBy(r.param(0), r.param(1))))
                .add("DELETE", "/subjects/{}/versions/{}",
                        r -> ApiResponse.ok(deletions.deleteVersion(r.param(0), r.param(1), r.flag("permanent"))));
    }

    private ApiResponse register(ApiRequest request) {
        // "normalize" is accepted and ignored: schemas are always compared in Avro's canonical form
        int id = registry.register(request.param(0), SchemaInput.fromJson(request.json()));
        return ApiResponse.ok(Map.of("id", id));
    }

    private ApiResponse lookup(ApiRequest request) {
        SchemaInput input = SchemaInput.fromJson(request.json());
        return ApiResponse.ok(view(registry.lookup(request.param(0), input, request.flag("deleted"))));
    }

    /** Confluent's version view; {@code schemaType} is left out for AVRO and references when there are none. */
    static Map<String, Object> view(Registry.VersionedSchema v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", v.subject());
        body.put("version", v.version());
        body.put("id", v.id());
        putReferences(body, v.definition().references());
        body.put("schema", v.definition().schema());
        return body;
    }

    static void putReferences(Map<String, Object> body, List<SchemaReference> references) {
        if (!references.isEmpty()) {
            body.put("references", references.stream().map(ref -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("name", ref.name());
                json.put("subject", ref.subject());
                json.put("version", ref.version());
                return json;
            }).toList());
        }
    }
}
