package io.shiplog.cli.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.shiplog.cluster.manifest.ObjectKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-object diff of {@code shiplog diff}: server-maintained fields left out, Secret values masked. */
class ObjectDiffTest {

    private static final ObjectKey WEB = new ObjectKey("apps", "Deployment", "shop", "web");
    private static final ObjectKey TOKEN = new ObjectKey("", "Secret", "shop", "token");

    @Test
    void aChangedFieldIsOneRemovedAndOneAddedLineWithContext() {
        JsonObject live = deployment(2, "live-uid", "7");
        JsonObject desired = deployment(3, "live-uid", "8");

        String diff = new ObjectChange(WEB, "apps/v1", live, desired).diff();

        assertThat(diff).isEqualTo("""
                --- live/apps.v1.Deployment.shop.web
                +++ git/apps.v1.Deployment.shop.web
                @@ -6,7 +6,7 @@
                   name: web
                   namespace: shop
                 spec:
                -  replicas: 2
                +  replicas: 3
                   template:
                     spec:
                       containers:
                """);
    }

    @Test
    void serverMaintainedFieldsAndStatusMakeNoDifference() {
        JsonObject live = deployment(2, "uid-1", "7");
        live.add("status", json("{\"readyReplicas\": 2}"));
        live.getAsJsonObject("metadata").addProperty("generation", 4);
        live.getAsJsonObject("metadata").addProperty("creationTimestamp", "2026-01-01T00:00:00Z");
        live.getAsJsonObject("metadata").add("managedFields", json("{\"manager\": \"kubectl\"}").getAsJsonObject()
                .deepCopy());
        JsonObject desired = deployment(2, "uid-2", "9");

        assertThat(new ObjectChange(WEB, "apps/v1", live, desired).diff()).isEmpty();
    }

    @Test
    void anObjectToCreateIsAllAddedAndOneToPruneAllRemoved() {
        String created = new ObjectChange(WEB, "apps/v1", null, deployment(1, "u", "1")).diff();
        String pruned = new ObjectChange(WEB, "apps/v1", deployment(1, "u", "1"), null).diff();

        assertThat(created).startsWith("--- /dev/null\n+++ git/apps.v1.Deployment.shop.web\n@@ -0,0 +1,14 @@\n")
                .contains("+  replicas: 1\n").doesNotContain("\n-").doesNotContain("\n ");
        assertThat(pruned).startsWith("--- live/apps.v1.Deployment.shop.web\n+++ /dev/null\n@@ -1,14 +0,0 @@\n")
                .contains("-  replicas: 1\n").doesNotContain("\n+ ").doesNotContain("\n ");
    }

    @Test
    void secretValuesAreMaskedChangedAndUnchangedOnesToldApart() {
        JsonObject live = secret("{\"password\": \"c2VjcmV0LTE=\", \"user\": \"YWRtaW4=\", \"old\": \"b2xk\"}");
        JsonObject desired = secret("{\"password\": \"c2VjcmV0LTI=\", \"user\": \"YWRtaW4=\", \"new\": \"bmV3\"}");

        String diff = new ObjectChange(TOKEN, "v1", live, desired).diff();

        assertThat(diff).contains("-  password: '**MASKED**'\n", "+  password: '**MASKED** (changed)'\n",
                "   user: '**MASKED** (unchanged)'\n", "-  old: '**MASKED**'\n", "+  new: '**MASKED**'\n");
        assertThat(diff).doesNotContain("c2VjcmV0", "YWRtaW4", "b2xk", "bmV3", "secret-1", "admin");
    }

    @Test
    void anUnchangedSecretShowsNoDifferenceAndACreatedOneNoValue() {
        JsonObject live = secret("{\"password\": \"c2VjcmV0LTE=\"}");
        live.getAsJsonObject("metadata").add("annotations", json("{\"kubectl.kubernetes.io/last-applied-"
                + "configuration\": \"{\\\"data\\\":{\\\"password\\\":\\\"c2VjcmV0LTE=\\\"}}\"}"));

        assertThat(new ObjectChange(TOKEN, "v1", live, live.deepCopy()).diff()).isEmpty();
        String created = new ObjectChange(TOKEN, "v1", null, live).diff();
        assertThat(created).contains("+  password: '**MASKED**'\n").doesNotContain("c2VjcmV0");
        assertThat(created).contains("kubectl.kubernetes.io/last-applied-configuration: '**MASKED**'");
    }

    @Test
    void distantChangesAreSeparateHunksAndNearOnesOne() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            lines.add("line " + i);
        }
        String before = String.join("\n", lines) + "\n";
        String after = before.replace("line 2\n", "line two\n").replace("line 18\n", "line eighteen\n");
        String near = before.replace("line 2\n", "line two\n").replace("line 7\n", "line seven\n");

        assertThat(UnifiedDiff.of("a", "b", before, after)).contains("@@ -1,5 +1,5 @@\n", "@@ -15,6 +15,6 @@\n");
        assertThat(UnifiedDiff.of("a", "b", before, near)).contains("@@ -1,10 +1,10 @@\n")
                .doesNotContain("@@ -1,5");
        assertThat(UnifiedDiff.of("a", "b", before, before)).isEmpty();
    }

    @Test
    void appsSelectObjectsByNameOrByPathPrefixAtADirectoryBoundary() {
        AppFilter filter = new AppFilter(List.of("web", "apps/shop"));

        assertThat(filter.selects("web", "apps/other/deployment.yaml")).isTrue();
        assertThat(filter.selects("db", "apps/shop/db.yaml")).isTrue();
        assertThat(filter.selects("db", "apps/shop")).isTrue();
        assertThat(filter.selects("db", "apps/shopfront/db.yaml")).isFalse();
        assertThat(filter.selects("webapp", null)).isFalse();
        assertThat(new AppFilter(List.of()).selects("anything", null)).isTrue();
    }

    private static JsonObject deployment(int replicas, String uid, String resourceVersion) {
        return json("""
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": "web", "namespace": "shop", "uid": "%s", "resourceVersion": "%s",
                              "labels": {"app.kubernetes.io/managed-by": "shiplog"}},
                 "spec": {"replicas": %d, "template": {"spec": {"containers": [
                   {"name": "web", "image": "registry.local/web:1.0.0"}]}}}}
                """.formatted(uid, resourceVersion, replicas));
    }

    private static JsonObject secret(String data) {
        return json("{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"token\", "
                + "\"namespace\": \"shop\"}, \"type\": \"Opaque\", \"data\": " + data + "}");
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
