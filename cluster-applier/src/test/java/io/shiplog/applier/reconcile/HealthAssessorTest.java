package io.shiplog.applier.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.shiplog.cluster.manifest.ObjectKey;
import org.junit.jupiter.api.Test;

class HealthAssessorTest {

    private static final ObjectKey DEPLOYMENT = new ObjectKey("apps", "Deployment", "ns", "web");

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void onlyObjectsWhoseHealthOrImagesComeFromTheStoredObjectAreReadBackWhole() {
        assertThat(HealthAssessor.readsStoredObject(DEPLOYMENT)).isTrue();
        assertThat(HealthAssessor.readsStoredObject(new ObjectKey("batch", "CronJob", "ns", "nightly"))).isTrue();
        assertThat(HealthAssessor.readsStoredObject(new ObjectKey("", "Pod", "ns", "debug"))).isTrue();
        assertThat(HealthAssessor.readsStoredObject(new ObjectKey("", "Namespace", null, "ns"))).isTrue();
        assertThat(HealthAssessor.readsStoredObject(new ObjectKey("apiextensions.k8s.io", "CustomResourceDefinition",
                null, "widgets.example.com"))).isTrue();

        ObjectKey configMap = new ObjectKey("", "ConfigMap", "ns", "settings");
        assertThat(HealthAssessor.readsStoredObject(configMap)).isFalse();
        assertThat(HealthAssessor.assess(configMap, json("""
                {"kind": "PartialObjectMetadata", "metadata": {"name": "settings"}}""")))
                .as("stored is healthy, whatever the answer holds").isEqualTo(Health.HEALTHY);
        assertThat(HealthAssessor.readsStoredObject(new ObjectKey("example.com", "Widget", "ns", "w"))).isFalse();
    }

    @Test
    void aDeploymentWhoseControllerHasNotObservedTheGenerationIsProgressing() {
        assertThat(HealthAssessor.assess(DEPLOYMENT, json("""
                {"metadata": {"generation": 2}, "spec": {"replicas": 1}, "status": {"observedGeneration": 1,
                 "updatedReplicas": 1, "availableReplicas": 1, "replicas": 1}}"""))).isEqualTo(Health.PROGRESSING);
    }

    @Test
    void aRolledOutAvailableDeploymentIsHealthy() {
        assertThat(HealthAssessor.assess(DEPLOYMENT, json("""
                {"metadata": {"generation": 2}, "spec": {"replicas": 2}, "status": {"observedGeneration": 2,
                 "replicas": 2, "updatedReplicas": 2, "availableReplicas": 2,
                 "conditions": [{"type": "Available", "status": "True"}]}}"""))).isEqualTo(Health.HEALTHY);
    }

    @Test
    void aDeploymentPastItsProgressDeadlineIsDegraded() {
        assertThat(HealthAssessor.assess(DEPLOYMENT, json("""
                {"metadata": {"generation": 1}, "spec": {"replicas": 2}, "status": {"observedGeneration": 1,
                 "conditions": [{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}]}}""")))
                .isEqualTo(Health.DEGRADED);
    }

    @Test
    void aDeploymentWithoutStatusIsProgressing() {
        assertThat(HealthAssessor.assess(DEPLOYMENT, json("{\"metadata\": {\"generation\": 1}, \"status\": {}}")))
                .isEqualTo(Health.PROGRESSING);
    }

    @Test
    void crdsMustBeEstablishedAndJobsComplete() {
        ObjectKey crd = new ObjectKey("apiextensions.k8s.io", "CustomResourceDefinition", null, "x");
        assertThat(HealthAssessor.assess(crd, json("{\"status\": {}}"))).isEqualTo(Health.PROGRESSING);
        assertThat(HealthAssessor.assess(crd, json("""
                {"status": {"conditions": [{"type": "Established", "status": "True"}]}}"""))).isEqualTo(Health.HEALTHY);
        ObjectKey job = new ObjectKey("batch", "Job", "ns", "j");
        assertThat(HealthAssessor.assess(job, json("""
                {"status": {"conditions": [{"type": "Failed", "status": "True"}]}}"""))).isEqualTo(Health.DEGRADED);
    }

    @Test
    void otherObjectsThatExistAreHealthyAndMissingOnesUnknown() {
        ObjectKey configMap = new ObjectKey("", "ConfigMap", "ns", "c");
        assertThat(HealthAssessor.assess(configMap, json("{}"))).isEqualTo(Health.HEALTHY);
        assertThat(HealthAssessor.assess(configMap, null)).isEqualTo(Health.UNKNOWN);
    }

    @Test
    void collectsContainerImagesOfWorkloadsAndCronJobs() {
        assertThat(HealthAssessor.images(json("""
                {"spec": {"template": {"spec": {"initContainers": [{"image": "init:1"}],
                 "containers": [{"image": "app:2"}, {"image": "sidecar:3"}]}}}}""")))
                .containsExactly("init:1", "app:2", "sidecar:3");
        assertThat(HealthAssessor.images(json("""
                {"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"image": "cron:1"}]}}}}}}""")))
                .containsExactly("cron:1");
    }
}
