package io.shiplog.auditor.drift.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.shiplog.auditor.config.IgnoreRule;
import io.shiplog.cluster.manifest.ObjectKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftJudgeTest {

    private static final ObjectKey WEB = new ObjectKey("apps", "Deployment", "shop", "web");

    private static JsonObject deployment(int replicas, String image, String extraMetadata) {
        return JsonParser.parseString("""
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"web","namespace":"shop","resourceVersion":"%d","generation":%d,
                   "uid":"u-1","creationTimestamp":"2026-01-01T00:00:00Z"%s},
                 "spec":{"replicas":%d,"template":{"spec":{"containers":[{"name":"web","image":"%s"}]}}},
                 "status":{"readyReplicas":%d}}
                """.formatted(replicas * 7, replicas, extraMetadata, replicas, image, replicas)).getAsJsonObject();
    }

    @Test
    void reportsTheExactFieldPathWithDesiredAndLiveValues() {
        JsonObject desired = deployment(2, "shop/web:1.4.2", "");
        JsonObject live = deployment(2, "shop/web:hotfix", "");

        List<FieldDrift> drift = DriftJudge.drifted(WEB, desired, live, List.of());

        assertThat(drift).containsExactly(new FieldDrift("/spec/template/spec/containers/0/image",
                "\"shop/web:1.4.2\"", "\"shop/web:hotfix\"", false));
    }

    @Test
    void ignoresStatusAndMetadataTheServerMaintains() {
        JsonObject desired = deployment(3, "a:1", "");
        JsonObject live = deployment(3, "a:1", "");
        live.getAsJsonObject("metadata").addProperty("resourceVersion", "999");
        live.getAsJsonObject("metadata").addProperty("generation", 42);
        live.getAsJsonObject("status").addProperty("readyReplicas", 0);

        assertThat(DriftJudge.drifted(WEB, desired, live, List.of())).isEmpty();
    }

    @Test
    void ignoresFieldsNamedByJsonPointerOnMatchingObjectsOnly() {
        JsonObject desired = deployment(2, "a:1", "");
        JsonObject live = deployment(5, "a:1", "");
        IgnoreRule rule = new IgnoreRule("apps", "Deployment", "shop", "w*", List.of("/spec/replicas"), List.of());
        IgnoreRule otherName = new IgnoreRule(null, "Deployment", null, "api", List.of("/spec/replicas"), List.of());

        assertThat(DriftJudge.drifted(WEB, desired, live, List.of(rule))).isEmpty();
        assertThat(DriftJudge.drifted(WEB, desired, live, List.of(otherName)))
                .extracting(FieldDrift::path).containsExactly("/spec/replicas");
    }

    @Test
    void ignoresFieldsOwnedByTheNamedFieldManagers() {
        JsonObject desired = deployment(2, "a:1", "");
        JsonObject live = deployment(5, "a:1", """
                ,"managedFields":[
                  {"manager":"shiplog","operation":"Apply","fieldsV1":{"f:spec":{"f:template":{"f:spec":
                     {"f:containers":{"k:{\\"name\\":\\"web\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}},
                  {"manager":"hpa-controller","operation":"Update","subresource":"scale",
                     "fieldsV1":{"f:spec":{"f:replicas":{}}}}]""");
        IgnoreRule hpa = new IgnoreRule(null, null, null, null, List.of(), List.of("hpa-controller"));
        IgnoreRule shiplog = new IgnoreRule(null, null, null, null, List.of(), List.of("kubectl"));

        assertThat(DriftJudge.drifted(WEB, desired, live, List.of(hpa))).isEmpty();
        assertThat(DriftJudge.drifted(WEB, desired, live, List.of(shiplog)))
                .extracting(FieldDrift::path).containsExactly("/spec/replicas");
    }

    @Test
    void namesASecretsDriftedKeyWithoutItsValue() {
        ObjectKey key = new ObjectKey("", "Secret", "shop", "db");
        JsonObject desired = JsonParser.parseString("""
                {"metadata":{"name":"db","labels":{"team":"a"}},"data":{"password":"aHVudGVyMg==","user":"YQ=="}}
                """).getAsJsonObject();
        JsonObject live = JsonParser.parseString("""
                {"metadata":{"name":"db","labels":{"team":"b"}},"data":{"password":"c3dvcmRmaXNo","user":"YQ=="}}
                """).getAsJsonObject();

        List<FieldDrift> drift = DriftJudge.drifted(key, desired, live, List.of());

        assertThat(drift).containsExactly(
                new FieldDrift("/data/password", null, null, true),
                new FieldDrift("/metadata/labels/team", "\"a\"", "\"b\"", false));
        assertThat(drift.toString()).doesNotContain("aHVudGVyMg", "c3dvcmRmaXNo", "hunter2", "swordfish");
    }

    @Test
    void reportsAWholeListWhenItsLengthChanged() {
        JsonObject desired = JsonParser.parseString("{\"spec\":{\"ports\":[{\"port\":80}]}}").getAsJsonObject();
        JsonObject live = JsonParser.parseString("{\"spec\":{\"ports\":[{\"port\":80},{\"port\":81}]}}")
                .getAsJsonObject();

        assertThat(DriftJudge.drifted(WEB, desired, live, List.of()))
                .containsExactly(new FieldDrift("/spec/ports", "[{\"port\":80}]", "[{\"port\":80},{\"port\":81}]",
                        false));
    }

    @Test
    void escapesSlashesInKeysOfThePath() {
        JsonObject desired = JsonParser.parseString(
                "{\"metadata\":{\"annotations\":{\"example.com/owner\":\"a\"}}}").getAsJsonObject();
        JsonObject live = JsonParser.parseString(
                "{\"metadata\":{\"annotations\":{\"example.com/owner\":\"b\"}}}").getAsJsonObject();

        assertThat(DriftJudge.drifted(WEB, desired, live, List.of())).extracting(FieldDrift::path)
                .containsExactly("/metadata/annotations/example.com~1owner");
    }
}
