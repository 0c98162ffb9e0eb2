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

/** Tags the scanner reports without a digest (listed only, as policies ordering by name need). */
class BatchPlannerDigestTest {

    private static final String IMAGE = "registry.example.com/team/app";
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @TempDir
    Path repo;

    @Test
    void aTagListedWithoutItsDigestMovesAManifestThatDoesNotPinDigests() throws Exception {
        TagStore tags = tags(TagCandidate.of("1.1.0"), TagCandidate.of("1.2.0"));

        BatchPlanner.Plan plan = plan("semver:^1.0", tags);

        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.to().tag()).isEqualTo("1.2.0");
            assertThat(change.to().digest()).isNull();
        });
    }

    @Test
    void aPinningPolicysChoiceIsNeverWrittenWithoutItsDigest() throws Exception {
        TagStore tags = tags(TagCandidate.of("1.1.0"), TagCandidate.of("1.2.0"));

        BatchPlanner.Plan plan = plan("semver:^1.0;digest=true", tags);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.skipped()).singleElement().satisfies(skip ->
                assertThat(skip.detail()).contains("digest of " + IMAGE + ":1.2.0 is unknown"));
    }

    @Test
    void aPinningPolicysChoiceIsWrittenWithTheDigestTheScannerResolvedForIt() throws Exception {
        TagStore tags = tags(TagCandidate.of("1.1.0"), new TagCandidate("1.2.0", DIGEST, null));

        BatchPlanner.Plan plan = plan("semver:^1.0;digest=true", tags);

        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.to().tag()).isEqualTo("1.2.0");
            assertThat(change.to().digest()).isEqualTo(DIGEST);
        });
    }

    private static TagStore tags(TagCandidate... candidates) {
        TagStore tags = new TagStore();
        for (TagCandidate candidate : candidates) {
            tags.put(IMAGE, candidate);
        }
        return tags;
    }

    private BatchPlanner.Plan plan(String policy, TagStore tags) throws Exception {
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
                          image: %s:1.1.0 # {"$shiplog": "%s"}
                """.formatted(IMAGE, policy));
        ScanResult scan = new ManifestScanner().scan(new DirectorySnapshot(repo));
        return BatchPlanner.plan(scan, tags, List.of(new Work.TagUpdate(IMAGE, "1.2.0", null,
                new EventCause("release-1", "event-1"))));
    }
}
