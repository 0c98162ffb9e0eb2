package io.shiplog.cluster.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class LiveStateTest {

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static final JsonObject BODY = json("""
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "web", "annotations": {"shiplog.io/applied-digest": "d1"}},
             "spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "app", "image": "a:1"}]}}}}""");

    @Test
    void aLiveObjectWithTheDigestAndEveryValuePlusDefaultsMatches() {
        assertThat(LiveState.matches(BODY, json("""
                {"metadata": {"name": "web", "uid": "u", "annotations": {"shiplog.io/applied-digest": "d1"}},
                 "spec": {"replicas": 2, "strategy": {}, "template": {"spec": {"containers": [
                   {"name": "app", "image": "a:1", "imagePullPolicy": "IfNotPresent"}]}}},
                 "status": {}}"""))).isTrue();
    }

    @Test
    void aValueChangedByAnotherManagerDoesNotMatch() {
        assertThat(LiveState.matches(BODY, json("""
                {"metadata": {"name": "web", "annotations": {"shiplog.io/applied-digest": "d1"}},
                 "spec": {"replicas": 5, "template": {"spec": {"containers": [{"name": "app", "image": "a:1"}]}}}}""")))
                .isFalse();
    }

    @Test
    void anotherDigestMeansGitChangedSoItDoesNotMatch() {
        assertThat(LiveState.matches(BODY, json("""
                {"metadata": {"name": "web", "annotations": {"shiplog.io/applied-digest": "d0"}},
                 "spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "app", "image": "a:1"}]}}}}""")))
                .isFalse();
    }

    @Test
    void anExtraListItemDoesNotMatch() {
        assertThat(LiveState.matches(BODY, json("""
                {"metadata": {"name": "web", "annotations": {"shiplog.io/applied-digest": "d1"}},
                 "spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "app", "image": "a:1"},
                   {"name": "injected", "image": "b:1"}]}}}}"""))).isFalse();
    }
}
