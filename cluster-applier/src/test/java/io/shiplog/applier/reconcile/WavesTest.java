package io.shiplog.applier.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.manifest.UnitOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WavesTest {

    private final Map<ObjectKey, String> unitOf = new HashMap<>();
    private final Map<String, UnitOrder.Dependencies> units = new HashMap<>();
    private final List<Manifest> manifests = new ArrayList<>();

    private Manifest object(String name, String unit) {
        ObjectKey key = new ObjectKey("", "ConfigMap", "apps", name);
        Manifest manifest = new Manifest(key, "v1", JsonParser.parseString("{\"metadata\": {\"name\": \"" + name
                + "\"}}").getAsJsonObject(), "clusters/prod/" + (unit == null ? name : "flux") + ".yaml", 0);
        manifests.add(manifest);
        if (unit != null) {
            unitOf.put(key, unit);
        }
        return manifest;
    }

    private void unit(String name, boolean wait, String... dependsOn) {
        units.put(name, new UnitOrder.Dependencies(List.of(dependsOn), wait, Optional.empty()));
    }

    private Waves waves() {
        return Waves.of(manifests, new UnitOrder(unitOf, units));
    }

    private static List<String> names(List<Manifest> manifests) {
        return manifests.stream().map(m -> m.key().name()).toList();
    }

    private static ObjectOutcome outcome(Manifest manifest, Action action, Health health) {
        return new ObjectOutcome(manifest.key(), "v1", action, null, health, List.of(), manifest.sourcePath());
    }

    @Test
    void unitsComeAfterTheUnitsTheyDependOnAndPlainFilesComeFirst() {
        unit("Kustomization flux-system/apps", false, "Kustomization flux-system/infra-configs");
        unit("Kustomization flux-system/infra-configs", false, "Kustomization flux-system/infra-controllers");
        unit("Kustomization flux-system/infra-controllers", false);
        object("app", "Kustomization flux-system/apps");
        object("issuer", "Kustomization flux-system/infra-configs");
        object("cert-manager", "Kustomization flux-system/infra-controllers");
        object("plain", null);

        Waves waves = waves();
        List<ObjectOutcome> skipped = new ArrayList<>();

        assertThat(waves.count()).isEqualTo(3);
        assertThat(names(waves.ready(0, skipped))).containsExactlyInAnyOrder("cert-manager", "plain");
        assertThat(names(waves.ready(1, skipped))).containsExactly("issuer");
        assertThat(names(waves.ready(2, skipped))).containsExactly("app");
        assertThat(skipped).isEmpty();
    }

    @Test
    void withoutDependsOnEverythingIsOneWave() {
        unit("Kustomization flux-system/apps", true);
        object("app", "Kustomization flux-system/apps");
        object("plain", null);

        assertThat(waves().count()).isEqualTo(1);
        assertThat(names(waves().ready(0, new ArrayList<>()))).containsExactly("app", "plain");
    }

    @Test
    void aFailedObjectHoldsBackEveryUnitThatDependsOnItsUnitDirectlyOrNot() {
        unit("Kustomization flux-system/infra", false);
        unit("Kustomization flux-system/configs", false, "Kustomization flux-system/infra");
        unit("Kustomization flux-system/apps", false, "Kustomization flux-system/configs");
        Manifest crd = object("crd", "Kustomization flux-system/infra");
        object("issuer", "Kustomization flux-system/configs");
        object("app", "Kustomization flux-system/apps");
        Waves waves = waves();
        List<ObjectOutcome> skipped = new ArrayList<>();

        waves.ready(0, skipped);
        waves.settle(List.of(outcome(crd, Action.FAILED, Health.UNKNOWN)), Set.of());

        assertThat(waves.ready(1, skipped)).isEmpty();
        assertThat(waves.ready(2, skipped)).isEmpty();
        assertThat(skipped).extracting(ObjectOutcome::action).containsOnly(Action.SKIPPED);
        assertThat(skipped.get(0).message()).startsWith("not applied: it depends on Kustomization flux-system/infra, "
                + "which is not ready: ConfigMap apps/crd failed");
        assertThat(skipped.get(1).message()).contains("it depends on Kustomization flux-system/configs, which is not "
                + "ready: it depends on Kustomization flux-system/infra");
        assertThat(waves.skippedSources()).containsExactly("clusters/prod/flux.yaml");
    }

    @Test
    void aUnitThatWaitsHoldsBackItsDependentsUntilItsObjectsAreHealthy() {
        unit("Kustomization flux-system/infra", true);
        unit("Kustomization flux-system/apps", false, "Kustomization flux-system/infra");
        Manifest controller = object("controller", "Kustomization flux-system/infra");
        object("app", "Kustomization flux-system/apps");
        Waves waves = waves();
        List<ObjectOutcome> skipped = new ArrayList<>();

        waves.ready(0, skipped);
        assertThat(waves.waitingForHealth(0)).containsExactly("Kustomization flux-system/infra");
        waves.settle(List.of(outcome(controller, Action.CREATED, Health.PROGRESSING)),
                waves.waitingForHealth(0));

        assertThat(waves.ready(1, skipped)).isEmpty();
        assertThat(skipped.get(0).message()).contains("ConfigMap apps/controller is PROGRESSING");
    }

    @Test
    void aUnitThatDoesNotWaitLetsItsDependentsGoOnceApplied() {
        unit("Kustomization flux-system/infra", false);
        unit("Kustomization flux-system/apps", false, "Kustomization flux-system/infra");
        Manifest controller = object("controller", "Kustomization flux-system/infra");
        object("app", "Kustomization flux-system/apps");
        Waves waves = waves();

        waves.ready(0, new ArrayList<>());
        waves.settle(List.of(outcome(controller, Action.CREATED, Health.PROGRESSING)), waves.waitingForHealth(0));

        assertThat(names(waves.ready(1, new ArrayList<>()))).containsExactly("app");
    }

    @Test
    void aMissingDependencyACycleOrARenderFailureIsNamed() {
        unit("Kustomization flux-system/apps", false, "Kustomization flux-system/nowhere");
        unit("Kustomization flux-system/a", false, "Kustomization flux-system/b");
        unit("Kustomization flux-system/b", false, "Kustomization flux-system/a");
        units.put("Kustomization flux-system/broken", new UnitOrder.Dependencies(List.of(), false,
                Optional.of("kustomize build failed: no such file")));
        unit("Kustomization flux-system/after-broken", false, "Kustomization flux-system/broken");
        object("app", "Kustomization flux-system/apps");
        object("in-a", "Kustomization flux-system/a");
        object("after", "Kustomization flux-system/after-broken");
        Waves waves = waves();
        List<ObjectOutcome> skipped = new ArrayList<>();
        for (int i = 0; i < waves.count(); i++) {
            waves.ready(i, skipped);
        }

        assertThat(skipped).extracting(ObjectOutcome::message).containsExactlyInAnyOrder(
                "not applied: Kustomization flux-system/apps is not ready: it depends on Kustomization "
                        + "flux-system/nowhere, which is not among the cluster's units",
                "not applied: Kustomization flux-system/a is not ready: its dependsOn forms a cycle: Kustomization "
                        + "flux-system/a -> Kustomization flux-system/b -> Kustomization flux-system/a",
                "not applied: it depends on Kustomization flux-system/broken, which is not ready: it could not be "
                        + "rendered: kustomize build failed: no such file");
    }
}
