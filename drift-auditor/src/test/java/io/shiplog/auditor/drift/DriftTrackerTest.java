package io.shiplog.auditor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.auditor.drift.compare.FieldDrift;
import io.shiplog.cluster.manifest.ObjectKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriftTrackerTest {

    private static final ObjectKey WEB = new ObjectKey("apps", "Deployment", "shop", "web");
    private static final ObjectKey API = new ObjectKey("apps", "Deployment", "shop", "api");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static ObjectDrift modified(ObjectKey key, String live) {
        return new ObjectDrift(key, "v1", ObjectDrift.Kind.MODIFIED,
                List.of(new FieldDrift("/spec/replicas", "2", live, false)));
    }

    @Test
    void reportsADriftOnceUntilItsFieldsChange() {
        DriftTracker tracker = new DriftTracker("prod", Map.of());
        List<DriftChange> first = tracker.changes("abc", List.of(WEB), List.of(modified(WEB, "5")), false);
        first.forEach(c -> tracker.published(c, "e1", T0));

        assertThat(first).hasSize(1).first().isInstanceOf(DriftChange.Detected.class);
        assertThat(tracker.changes("abc", List.of(WEB), List.of(modified(WEB, "5")), false)).isEmpty();
        List<DriftChange> changed = tracker.changes("abc", List.of(WEB), List.of(modified(WEB, "6")), false);
        assertThat(changed).hasSize(1);
        changed.forEach(c -> tracker.published(c, "e2", T0.plusSeconds(60)));
        assertThat(tracker.open()).singleElement().satisfies(open -> {
            assertThat(open.eventId()).isEqualTo("e2");
            assertThat(open.detectedAt()).as("first seen, for time to restore").isEqualTo(T0);
        });
    }

    @Test
    void resolvesOnlyCheckedObjectsThatMatchAgain() {
        DriftTracker tracker = new DriftTracker("prod", Map.of(
                WEB, new DriftTracker.Open(modified(WEB, "5"), "e1", T0),
                API, new DriftTracker.Open(modified(API, "5"), "e2", T0)));

        List<DriftChange> changes = tracker.changes("abc", List.of(WEB), List.of(), false);

        assertThat(changes).singleElement().isEqualTo(new DriftChange.Resolved("prod", WEB, "v1",
                ObjectDrift.Kind.MODIFIED, "e1", T0));
    }

    @Test
    void requestsCorrectionOnlyInCorrectModeAndNotForUnmanagedObjects() {
        DriftTracker tracker = new DriftTracker("prod", Map.of());
        ObjectDrift unmanaged = new ObjectDrift(API, "v1", ObjectDrift.Kind.UNMANAGED, List.of());

        List<DriftChange> changes = tracker.changes("abc", List.of(WEB, API), List.of(modified(WEB, "5"), unmanaged),
                true);

        assertThat(changes).extracting(c -> ((DriftChange.Detected) c).correctionRequested())
                .containsExactly(true, false);
    }

    @Test
    void resolvesDriftOfObjectsThatLeftGit() {
        DriftTracker tracker = new DriftTracker("prod", Map.of(WEB, new DriftTracker.Open(modified(WEB, "5"), "e1",
                T0)));

        assertThat(tracker.forgetAllBut(Set.of(API))).singleElement()
                .isInstanceOf(DriftChange.Resolved.class);
    }
}
