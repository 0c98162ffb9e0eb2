package io.shiplog.gitwriter.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.config.ClusterProperties;
import io.shiplog.gitwriter.manifest.DirectorySnapshot;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.gitwriter.rollback.RollbackTarget;
import io.shiplog.policy.TagCandidate;
import io.shiplog.schemas.event.EventCause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackPlanningTest {

    private static final String IMAGE = "registry.example.com/team/app";
    private static final String TARGET = "0123456789abcdef0123456789abcdef01234567";
    private static final ClusterProperties PROD = new ClusterProperties("prod", "fleet", List.of("clusters/prod"));

    @TempDir
    Path then;
    @TempDir
    Path now;

    @Test
    void locksEveryWorkloadItMovesAndNamesTheRollbackWhoAskedAndTheTarget() throws Exception {
        write(then, "clusters/prod/web.yaml", deployment("web", "1.0.0"));
        write(now, "clusters/prod/web.yaml", deployment("web", "1.2.0"));
        EventCause cause = EventCause.root();
        Work.Rollback rollback = new Work.Rollback(PROD, new RollbackTarget.Commit("0123456"), "ada", "incident 7",
                cause);

        BatchPlanner.Plan plan = BatchPlanner.plan(scan(now), new TagStore(), List.of(rollback),
                r -> new RollbackScan(TARGET, scan(then)));

        assertThat(plan.changes()).singleElement().satisfies(c -> assertThat(c.to().tag()).isEqualTo("1.0.0"));
        assertThat(plan.locks()).singleElement().satisfies(lock -> {
            assertThat(lock.path()).isEqualTo("clusters/prod/web.yaml");
            assertThat(lock.lock()).isTrue();
            assertThat(lock.container()).isNull();
            assertThat(lock.describe()).contains("by ada").contains("rollback of cluster prod to 0123456789ab")
                    .contains("incident 7");
        });
        assertThat(plan.rollbacks()).containsExactly("Rollback of cluster prod to " + TARGET
                + " (commit 0123456) requested by ada: incident 7");
        assertThat(plan.causes()).containsExactly(cause);
        String message = CommitMessage.render("{summary}\n\n{changes}", "main",
                plan.changes().stream().map(ChangedValue::of).toList(), plan.locks(), plan.rollbacks(), "e1",
                cause.correlationId(), plan.causes());
        assertThat(message).startsWith("Roll back cluster prod to 0123456789ab\n\nRollback of cluster prod to "
                + TARGET).contains("- clusters/prod/web.yaml: " + IMAGE + ":1.2.0 -> " + IMAGE + ":1.0.0");
    }

    @Test
    void aTagFoundInTheSameBatchDoesNotMoveARolledBackWorkload() throws Exception {
        write(then, "clusters/prod/web.yaml", deployment("web", "1.0.0"));
        write(now, "clusters/prod/web.yaml", deployment("web", "1.2.0"));
        TagStore tags = new TagStore();
        List.of("1.0.0", "1.2.0", "1.3.0").forEach(t -> tags.put(IMAGE, TagCandidate.of(t)));

        BatchPlanner.Plan plan = BatchPlanner.plan(scan(now), tags, List.of(
                new Work.Rollback(PROD, new RollbackTarget.Commit("0123456"), "ada", null, EventCause.root()),
                new Work.TagUpdate(IMAGE, "1.3.0", null, EventCause.root())),
                r -> new RollbackScan(TARGET, scan(then)));

        assertThat(plan.changes()).singleElement().satisfies(c -> assertThat(c.to().tag()).isEqualTo("1.0.0"));
        assertThat(plan.locks()).singleElement().satisfies(lock -> assertThat(lock.lock()).isTrue());
    }

    @Test
    void aTargetThatIsNotOnTheBranchCommitsNothingAndSaysWhy() throws Exception {
        write(now, "clusters/prod/web.yaml", deployment("web", "1.2.0"));

        BatchPlanner.Plan plan = BatchPlanner.plan(scan(now), new TagStore(), List.of(new Work.Rollback(PROD,
                new RollbackTarget.Commit("0123456"), "ada", null, EventCause.root())),
                r -> RollbackScan.refused("commit 0123456 is not on branch main of fleet"));

        assertThat(plan.empty()).isTrue();
        assertThat(plan.skipped()).singleElement().satisfies(s -> {
            assertThat(s.repository()).isEqualTo("prod");
            assertThat(s.reason()).isEqualTo(CommitRecord.SkipReason.OTHER);
            assertThat(s.detail()).isEqualTo("rollback of cluster prod to commit 0123456 refused: commit 0123456 "
                    + "is not on branch main of fleet");
        });
    }

    @Test
    void nothingChangedSinceTheTargetCommitsNothingAndSaysSo() throws Exception {
        write(then, "clusters/prod/web.yaml", deployment("web", "1.2.0"));
        write(now, "clusters/prod/web.yaml", deployment("web", "1.2.0"));

        BatchPlanner.Plan plan = BatchPlanner.plan(scan(now), new TagStore(), List.of(new Work.Rollback(PROD,
                new RollbackTarget.Time(java.time.Instant.parse("2026-12-07T08:00:00Z")), "ada", null,
                EventCause.root())), r -> new RollbackScan(TARGET, scan(then)));

        assertThat(plan.empty()).isTrue();
        assertThat(plan.locks()).isEmpty();
        assertThat(plan.skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(CommitRecord.SkipReason.ALREADY_CURRENT);
            assertThat(s.detail()).contains("already has its value of " + TARGET);
        });
    }

    @Test
    void aCommandACommitAlreadyAnswersChangesNothingAgain() throws Exception {
        write(now, "clusters/prod/web.yaml", deployment("web", "1.3.0"));

        BatchPlanner.Plan plan = BatchPlanner.plan(scan(now), new TagStore(), List.of(new Work.Rollback(PROD,
                new RollbackTarget.Commit("0123456"), "ada", null, EventCause.root())),
                r -> RollbackScan.done("fedcba9876543210fedcba9876543210fedcba98"));

        assertThat(plan.empty()).isTrue();
        assertThat(plan.skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(CommitRecord.SkipReason.ALREADY_CURRENT);
            assertThat(s.detail()).isEqualTo("rollback of cluster prod to commit 0123456: already done by commit "
                    + "fedcba9876543210fedcba9876543210fedcba98 (this command was read again)");
        });
    }

    private static ScanResult scan(Path root) {
        try {
            return new ManifestScanner().scan(new DirectorySnapshot(root));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(Path root, String path, String content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String deployment(String name, String tag) {
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
                          image: %s:%s # {"$shiplog": "semver:^1.0"}
                """.formatted(name, IMAGE, tag);
    }
}
