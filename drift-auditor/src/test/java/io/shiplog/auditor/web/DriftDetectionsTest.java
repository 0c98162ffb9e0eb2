package io.shiplog.auditor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.shiplog.auditor.web.DriftDetections.Event;
import io.shiplog.auditor.web.FleetView.DriftRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftDetectionsTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    @Test
    void aResolutionClosesTheDetectionItNamesAndNoOther() {
        List<DriftRow> rows = DriftDetections.fold(List.of(
                detected("d1", "prod", "Deployment/shop/web", "/spec/replicas", 0),
                detected("d2", "prod", "Service/shop/web", "/spec/ports/0/port", 1),
                resolved("prod", "Deployment/shop/web", "d1", 5)));
        assertThat(rows).extracting(DriftRow::object, DriftRow::resolvedAt).containsExactly(
                tuple("Deployment/shop/web", T0.plusSeconds(5)),
                tuple("Service/shop/web", null));
    }

    @Test
    void anObjectBackInSyncClosesEveryOpenDetectionOfItOnThatClusterOnly() {
        List<DriftRow> rows = DriftDetections.fold(List.of(
                detected("d1", "prod", "Deployment/shop/web", "/spec/replicas", 0),
                detected("d2", "prod", "Deployment/shop/web", "/spec/replicas,/metadata/labels/team", 2),
                detected("d3", "staging", "Deployment/shop/web", "/spec/replicas", 3),
                resolved("prod", "Deployment/shop/web", "d2", 9)));
        assertThat(rows).extracting(DriftRow::cluster, DriftRow::resolvedAt).containsExactly(
                tuple("prod", T0.plusSeconds(9)),
                tuple("prod", T0.plusSeconds(9)),
                tuple("staging", null));
        assertThat(rows.get(1).fieldPaths()).containsExactly("/spec/replicas", "/metadata/labels/team");
    }

    @Test
    void driftAgainAfterAResolutionIsOpenAndKeepsTheEarlierResolution() {
        List<DriftRow> rows = DriftDetections.fold(List.of(
                detected("d1", "prod", "Deployment/shop/web", "/spec/replicas", 0),
                resolved("prod", "Deployment/shop/web", "d1", 5),
                detected("d2", "prod", "Deployment/shop/web", "/spec/template/spec/containers/0/image", 60)));
        assertThat(rows).extracting(DriftRow::resolvedAt).containsExactly(T0.plusSeconds(5), null);
        assertThat(rows.get(1).fieldPaths()).containsExactly("/spec/template/spec/containers/0/image");
    }

    @Test
    void aDetectionWithoutFieldsListsNone() {
        List<DriftRow> rows = DriftDetections.fold(List.of(new Event("d1", "DETECTED", "prod", "DELETED",
                "ConfigMap/shop/web-config", "abc1234", null, null, null, T0)));
        assertThat(rows.get(0).fieldPaths()).isEmpty();
        assertThat(rows.get(0).driftKind()).isEqualTo("DELETED");
        assertThat(rows.get(0).resolvedAt()).isNull();
    }

    private static Event detected(String id, String cluster, String object, String paths, int second) {
        return new Event(id, "DETECTED", cluster, "MODIFIED", object, "abc1234", paths, null, null,
                T0.plusSeconds(second));
    }

    private static Event resolved(String cluster, String object, String detectedId, int second) {
        return new Event("r-" + detectedId, "RESOLVED", cluster, "MODIFIED", object, null, null, detectedId, null,
                T0.plusSeconds(second));
    }
}
