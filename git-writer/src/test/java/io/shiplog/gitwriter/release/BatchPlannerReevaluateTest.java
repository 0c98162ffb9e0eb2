package io.shiplog.gitwriter.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.manifest.DirectorySnapshot;
import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.policy.TagCandidate;
import io.shiplog.schemas.event.EventCause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchPlannerReevaluateTest {

    private static final String IMAGE = "registry.example.com/team/app";

    @TempDir
    Path repo;

    @Test
    void aNewMarkerMovesToItsPolicysChoiceAmongTheKnownTagsAndTheOthersStayAsTheyAre() throws Exception {
        Files.writeString(repo.resolve("old.yaml"), deployment("old", "1.0.0", "semver:^1.0"));
        Files.writeString(repo.resolve("new.yaml"), deployment("new", "1.0.0", "semver:^1.0"));
        ScanResult scan = new ManifestScanner().scan(new DirectorySnapshot(repo));
        TagStore tags = new TagStore();
        List.of("1.0.0", "1.3.0", "2.0.0").forEach(t -> tags.put(IMAGE, TagCandidate.of(t)));
        Set<String> added = scan.locations().stream().filter(l -> l.path().equals("new.yaml"))
                .map(ImageLocation::key).collect(Collectors.toSet());
        EventCause cause = EventCause.root();

        BatchPlanner.Plan plan = BatchPlanner.plan(scan, tags, List.of(new Work.Reevaluate(IMAGE, added, cause)));

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.location().path()).isEqualTo("new.yaml");
            assertThat(change.to().tag()).isEqualTo("1.3.0");
        });
        assertThat(plan.causes()).containsExactly(cause);
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void aMarkerAlreadyAtItsPolicysChoiceChangesNothingAndRecordsNoSkip() throws Exception {
        Files.writeString(repo.resolve("app.yaml"), deployment("app", "1.3.0", "semver:^1.0"));
        ScanResult scan = new ManifestScanner().scan(new DirectorySnapshot(repo));
        TagStore tags = new TagStore();
        List.of("1.0.0", "1.3.0").forEach(t -> tags.put(IMAGE, TagCandidate.of(t)));

        BatchPlanner.Plan plan = BatchPlanner.plan(scan, tags, List.of(new Work.Reevaluate(IMAGE,
                Set.of(scan.locations().get(0).key()), EventCause.root())));

        assertThat(plan.empty()).isTrue();
        assertThat(plan.skipped()).isEmpty();
    }

    private static String deployment(String name, String tag, String policy) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: %s:%s # {"$shiplog": "%s"}
                """.formatted(name, IMAGE, tag, policy);
    }
}
