package io.shiplog.applier.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.shiplog.cluster.inventory.Inventory;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.plan.PlannedObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LastApplyTest {

    private static final KubeResource CONFIG_MAPS = new KubeResource("", "v1", "ConfigMap", "configmaps", true);

    private static PlannedObject object(String name, String digest) {
        ObjectKey key = new ObjectKey("", "ConfigMap", "apps", name);
        JsonObject body = JsonParser.parseString("""
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "%s", "namespace": "apps",
                 "annotations": {"shiplog.io/applied-digest": "%s"}}}""".formatted(name, digest)).getAsJsonObject();
        return new PlannedObject(new Manifest(key, "v1", body, "apps/" + name + ".yaml", 0), CONFIG_MAPS, key, body);
    }

    private static ObjectOutcome outcome(PlannedObject object, Action action, Health health) {
        return new ObjectOutcome(object.key(), "v1", action, null, health, List.of(), object.manifest().sourcePath());
    }

    private static Inventory inventory(String commit, Inventory.State state) {
        return new Inventory("c", "repo", "main", commit, state, new TreeMap<>());
    }

    @Test
    void anObjectSentAsItIsNowAndHealthyThenNeedNotBeSentAgain() {
        PlannedObject a = object("a", "d1");
        LastApply last = LastApply.of("c1", List.of(outcome(a, Action.CREATED, Health.HEALTHY)), Map.of(a.key(), a));

        assertThat(last.validFor(inventory("c1", Inventory.State.COMPLETE)).unchanged(object("a", "d1"))).isTrue();
        assertThat(last.validFor(inventory("c1", Inventory.State.COMPLETE)).unchanged(object("a", "d2"))).isFalse();
        assertThat(last.validFor(inventory("c1", Inventory.State.COMPLETE)).unchanged(object("b", "d1"))).isFalse();
    }

    @Test
    void objectsThatFailedOrWereNotHealthyAreAlwaysSentAgain() {
        PlannedObject failed = object("failed", "d");
        PlannedObject progressing = object("progressing", "d");
        PlannedObject skipped = object("skipped", "d");
        LastApply last = LastApply.of("c1", List.of(outcome(failed, Action.FAILED, Health.UNKNOWN),
                outcome(progressing, Action.CONFIGURED, Health.PROGRESSING),
                outcome(skipped, Action.SKIPPED, Health.HEALTHY)),
                Map.of(failed.key(), failed, progressing.key(), progressing, skipped.key(), skipped));

        LastApply valid = last.validFor(inventory("c1", Inventory.State.COMPLETE));
        assertThat(valid.unchanged(failed)).isFalse();
        assertThat(valid.unchanged(progressing)).isFalse();
        assertThat(valid.unchanged(skipped)).isFalse();
    }

    @Test
    void whatThisReplicaSentCountsOnlyWhileTheClusterStillRunsThatCommitCompletely() {
        PlannedObject a = object("a", "d1");
        LastApply last = LastApply.of("c1", List.of(outcome(a, Action.UNCHANGED, Health.HEALTHY)), Map.of(a.key(), a));

        assertThat(last.validFor(inventory("c2", Inventory.State.COMPLETE)).unchanged(a))
                .as("another replica applied c2 since").isFalse();
        assertThat(last.validFor(inventory("c1", Inventory.State.APPLYING)).unchanged(a))
                .as("an apply was interrupted").isFalse();
        assertThat(LastApply.NONE.validFor(inventory("", Inventory.State.COMPLETE)).unchanged(a)).isFalse();
    }
}
