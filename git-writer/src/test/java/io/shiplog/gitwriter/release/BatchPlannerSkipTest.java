package io.shiplog.gitwriter.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.manifest.DirectorySnapshot;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.policy.TagCandidate;
import io.shiplog.schemas.event.EventCause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchPlannerSkipTest {

    private static final String IMAGE = "registry.example.com/team/app";

    @TempDir
    Path repo;

    @Test
    void aPushedTagOutsideThePolicyIsNotSelectedByThePolicyEvenWhenTheManifestHoldsThePolicysChoice()
            throws Exception {
        BatchPlanner.Plan plan = plan("1.1.0", "semver:^1.0", "2.0.0", "1.0.0", "1.1.0", "2.0.0");

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.reason()).isEqualTo(CommitRecord.SkipReason.NOT_SELECTED_BY_POLICY);
            assertThat(skip.detail()).contains("2.0.0 is not selected by policy semver:^1.0");
        });
    }

    @Test
    void aPushOfTheTagTheManifestHoldsIsAlreadyCurrent() throws Exception {
        BatchPlanner.Plan plan = plan("1.1.0", "semver:^1.0", "1.1.0", "1.0.0", "1.1.0");

        assertThat(plan.skipped()).singleElement().extracting(CommitRecord.Skipped::reason)
                .isEqualTo(CommitRecord.SkipReason.ALREADY_CURRENT);
    }

    @Test
    void aLatePushOfAnOlderVersionInsideThePolicyIsNotNewer() throws Exception {
        BatchPlanner.Plan plan = plan("1.2.0", "semver:^1.0", "1.1.5", "1.1.5", "1.2.0");

        assertThat(plan.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.reason()).isEqualTo(CommitRecord.SkipReason.NOT_NEWER);
            assertThat(skip.detail()).contains("1.1.5 does not rank above 1.2.0");
        });
    }

    @Test
    void aTagTheKeelPolicyRefusesIsNotSelectedByThePolicy() throws Exception {
        BatchPlanner.Plan plan = plan("1.1.0", "keel:minor", "2.0.0", "1.1.0", "2.0.0");

        assertThat(plan.skipped()).singleElement().extracting(CommitRecord.Skipped::reason)
                .isEqualTo(CommitRecord.SkipReason.NOT_SELECTED_BY_POLICY);
    }

    @Test
    void aNewVersionInsideThePolicyIsAChangeNotASkip() throws Exception {
        BatchPlanner.Plan plan = plan("1.1.0", "semver:^1.0", "1.2.0", "1.1.0", "1.2.0");

        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.changes()).singleElement().satisfies(change ->
                assertThat(change.to().tag()).isEqualTo("1.2.0"));
    }

    @Test
    void aReleaseRefusedForItsDigestChangesNothingAndIsReportedOnceWithTheReason() throws Exception {
        plan("1.1.0", "semver:^1.0", "1.1.0", "1.1.0");
        ScanResult scan = new ManifestScanner().scan(new DirectorySnapshot(repo));
        String digest = "sha256:" + "0".repeat(64);

        BatchPlanner.Plan plan = BatchPlanner.plan(scan, new TagStore(), List.of(new Work.Release(IMAGE, "1.2.0",
                digest, true, "ops", new EventCause("release-1", "event-1"), "digest " + digest + " is not a "
                + "manifest of " + IMAGE)));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.reason()).isEqualTo(CommitRecord.SkipReason.UNKNOWN_DIGEST);
            assertThat(skip.digest()).isEqualTo(digest);
            assertThat(skip.detail()).isEqualTo("digest " + digest + " is not a manifest of " + IMAGE);
        });
    }

    @Test
    void aReleaseOfAConfirmedDigestIsAChange() throws Exception {
        plan("1.1.0", "semver:^1.0", "1.1.0", "1.1.0");
        ScanResult scan = new ManifestScanner().scan(new DirectorySnapshot(repo));

        BatchPlanner.Plan plan = BatchPlanner.plan(scan, new TagStore(), List.of(new Work.Release(IMAGE, "1.2.0",
                "sha256:" + "1".repeat(64), true, "ops", new EventCause("release-1", "event-1"), null)));

        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.changes()).singleElement().satisfies(change ->
                assertThat(change.to().tag()).isEqualTo("1.2.0"));
    }

    private BatchPlanner.Plan plan(String current, String policy, String pushed, String... known) throws Exception {
        Files.writeString(repo.resolve("app.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: %s:%s # {"$shiplog": "%s"}
                """.formatted(IMAGE, current, policy));
        ScanResult scan = new ManifestScanner().scan(new DirectorySnapshot(repo));
        TagStore tags = new TagStore();
        for (String tag : known) {
            tags.put(IMAGE, TagCandidate.of(tag));
        }
        return BatchPlanner.plan(scan, tags, List.of(new Work.TagUpdate(IMAGE, pushed, null,
                new EventCause("release-1", "event-1"))));
    }
}
