package io.shiplog.applier.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class ObjectApplierTest {

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void aDryRunEqualToTheLiveObjectIsTheSameEvenWithoutKindAndApiVersionInListItems() {
        JsonObject dryRun = json("""
                {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "a", "resourceVersion": "7",
                 "managedFields": [{"manager": "shiplog", "time": "2026-01-01T00:00:00Z"}]}, "data": {"k": "v"}}""");
        JsonObject listed = json("""
                {"metadata": {"name": "a", "resourceVersion": "7",
                 "managedFields": [{"manager": "shiplog", "time": "2026-01-01T00:00:00Z"}]}, "data": {"k": "v"}}""");
        assertThat(ObjectApplier.sameObject(dryRun, listed)).isTrue();
    }

    @Test
    void aChangedValueOrAFreshManagedFieldsTimeIsADifference() {
        JsonObject live = json("""
                {"metadata": {"name": "a", "resourceVersion": "7",
                 "managedFields": [{"manager": "shiplog", "time": "2026-01-01T00:00:00Z"}]}, "data": {"k": "v"}}""");
        JsonObject changed = json("""
                {"metadata": {"name": "a", "resourceVersion": "7",
                 "managedFields": [{"manager": "shiplog", "time": "2026-01-01T00:00:09Z"}]}, "data": {"k": "w"}}""");
        assertThat(ObjectApplier.sameObject(changed, live)).isFalse();
    }

    @Test
    void aDryRunWithoutResourceVersionIsANewObject() {
        assertThat(ObjectApplier.resourceVersion(json("{\"metadata\": {\"name\": \"a\"}}"))).isNull();
        assertThat(ObjectApplier.resourceVersion(json("{\"metadata\": {\"resourceVersion\": \"12\"}}")))
                .isEqualTo("12");
    }
}
