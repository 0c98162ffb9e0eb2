package io.shiplog.dev.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.gitwriter.config.CommitProperties;
import io.shiplog.gitwriter.config.RepositoryProperties;
import io.shiplog.gitwriter.config.TuningProperties;
import io.shiplog.gitwriter.git.GitHandler;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.release.CommitEvents;
import io.shiplog.gitwriter.release.CommitRecord;
import io.shiplog.gitwriter.release.RepositoryWorker;
import io.shiplog.gitwriter.release.TagStore;
import io.shiplog.gitwriter.release.WatchListState;
import io.shiplog.gitwriter.release.Work;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import io.shiplog.policy.TagCandidate;
import io.shiplog.schemas.event.EventCause;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/bench git-writer}: a generated config repository of 20,000 YAML files (every tenth automated) on
 * the testkit git server. One update = one tag event through git-writer's commit loop (plan on the scanned head,
 * byte-exact edit, commit in the object database, push over git://, scan of the changed file, watch list) until the
 * loop reports it done; side by side with what a script does ({@code git clone --depth 1}, edit, commit, push with
 * the git CLI). Then 1,000 tag events in one burst (group commit) and policy selection over 100,000 tags. Kafka is
 * not involved: the loop's events go to an in-memory sink.
 */
@Command(name = "git-writer", mixinStandardHelpOptions = true,
        description = "Commit+push latency of one update in a 20,000-file repository vs. git clone/commit/push, a "
                + "1,000-event burst, and policy selection over 100,000 tags.")
public final class GitWriterBench implements Callable<Integer> {

    @Option(names = "--quick", description = "2,000 files, 10 updates, 3 baseline runs, a 100-event burst.")
    boolean quick;

    @Option(names = "--files", defaultValue = "20000", description = "YAML files (default ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--updates", defaultValue = "50", description = "Measured updates (default ${DEFAULT-VALUE}).")
    int updates;

    @Option(names = "--baseline-runs", defaultValue = "10", description = "git CLI runs (default ${DEFAULT-VALUE}).")
    int baselineRuns;

    @Option(names = "--burst", defaultValue = "1000", description = "Events in the burst (default ${DEFAULT-VALUE}).")
    int burst;

    /** Counts the commits the loop reports. */
    private static final class CountingEvents implements CommitEvents {
        final AtomicInteger commits = new AtomicInteger();

        @Override
        public void publish(String configRepo, String branch, List<CommitRecord> records) {
            records.forEach(r -> {
                if (r instanceof CommitRecord.Committed) {
                    commits.incrementAndGet();
                }
            });
        }

        @Override
        public void publishWatchList(String configRepo, String branch, String headCommit,
                                     List<io.shiplog.gitwriter.release.WatchEntry> entries, List<String> removed) {
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        StartupLog.printTo(System.err);
        int fileCount = quick ? 2_000 : files;
        int updateCount = quick ? 10 : updates;
        int baselineCount = quick ? 3 : baselineRuns;
        int burstCount = quick ? 100 : burst;
        int automated = fileCount / 10;
        if (automated < burstCount + 1) {
            throw new IllegalArgumentException("--files must give at least " + (burstCount + 1) * 10 + " files");
        }
        Path work = TempDirs.create("bench-git-writer");
        try (GitServer git = GitServer.start(GitServer.Options.defaults())) {
            Path tree = work.resolve("repo");
            generate(tree, fileCount);
            git.createRepository("config");
            long seedStart = System.nanoTime();
            git.seed("config", tree, "bench: " + fileCount + " files");
            out.printf("repository: %d YAML files, %d automated, seeded in %d ms%n", fileCount, automated,
                    (System.nanoTime() - seedStart) / 1_000_000);

            BenchTable table = new BenchTable(out, "phase", "tool", "runs", "p50_ms", "p99_ms", "commits");
            List<Long> baseline = baseline(git.gitUrl("config"), work, baselineCount);
            table.row("one update", "git CLI", baseline.size(), BenchTable.median(baseline), BenchTable.percentile(baseline, 99),
                    baseline.size());

            TagStore tags = new TagStore();
            CountingEvents events = new CountingEvents();
            RepositoryProperties repo = new RepositoryProperties("config", git.gitUrl("config"), "main", "", null,
                    null, null, null, null, Duration.ofHours(1), Duration.ofSeconds(60),
                    new CommitProperties("Shiplog", "shiplog@localhost", "", "", "{summary}\n\n{changes}", "none",
                            null), null, null);
            TuningProperties tuning = new TuningProperties(Duration.ZERO, Duration.ofMillis(100),
                    Duration.ofSeconds(2), 8, Duration.ofMillis(100), 4L * 1024 * 1024, 10_000,
                    Duration.ofSeconds(30), Duration.ofHours(24));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            long loopStart = System.nanoTime();
            RepositoryWorker worker = new RepositoryWorker(repo, new GitHandler(repo, work.resolve("mirrors"), meters),
                    tags, events, new ManifestScanner(), new WatchListState(work.resolve("watchlist.state")), tuning,
                    meters, Clock.systemUTC());
            try {
                worker.start();
                worker.release();
                // warm-up update (also waits for the first fetch and full scan)
                update(worker, tags, 0, 1).get(10, TimeUnit.MINUTES);
                out.printf("first fetch, full scan and warm-up update: %d ms%n",
                        (System.nanoTime() - loopStart) / 1_000_000);
                List<Long> latencies = new ArrayList<>();
                for (int i = 0; i < updateCount; i++) {
                    long start = System.nanoTime();
                    update(worker, tags, i % 50, 2 + i / 50).get(5, TimeUnit.MINUTES);
                    latencies.add((System.nanoTime() - start) / 1_000_000);
                }
                table.row("one update", "git-writer", latencies.size(), BenchTable.median(latencies),
                        BenchTable.percentile(latencies, 99), latencies.size());

                int before = events.commits.get();
                List<CompletableFuture<Void>> pending = new ArrayList<>();
                long burstStart = System.nanoTime();
                for (int i = 0; i < burstCount; i++) {
                    pending.add(update(worker, tags, 100 + i, 50));
                }
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
                double burstSeconds = (System.nanoTime() - burstStart) / 1e9;
                int burstCommits = events.commits.get() - before;
                table.row("burst", "git-writer", burstCount, "-", "-", burstCommits);

                long policyMs = PolicyBench.policy100kTagsMillis(quick ? 2 : 5);
                table.row("policy 100k tags", "git-writer", quick ? 2 : 5, policyMs, "-", "-");

                LinkedHashMap<String, Object> summary = new LinkedHashMap<>();
                summary.put("update_p50_ms", BenchTable.median(latencies));
                summary.put("update_p99_ms", BenchTable.percentile(latencies, 99));
                summary.put("baseline_p50_ms", BenchTable.median(baseline));
                summary.put("burst_events", burstCount);
                summary.put("burst_commits", burstCommits);
                summary.put("burst_s", String.format(java.util.Locale.ROOT, "%.2f", burstSeconds));
                summary.put("policy_100k_tags_ms", policyMs);
                summary.put("files", fileCount);
                BenchTable.summary(out, "git-writer", summary);
            } finally {
                worker.close();
            }
        } finally {
            TempDirs.deleteQuietly(work);
        }
        return 0;
    }

    /** Moves automated image {@code index} to tag {@code 1.<minor>.0}. */
    private static CompletableFuture<Void> update(RepositoryWorker worker, TagStore tags, int index, int minor) {
        String repository = image(index);
        String tag = "1." + minor + ".0";
        tags.put(repository, new TagCandidate(tag, null, null));
        String id = UUID.randomUUID().toString();
        return worker.submit(new Work.TagUpdate(repository, tag, null, new EventCause(id, id)));
    }

    private static String image(int index) {
        return "registry.bench/team-" + (index % 40) + "/svc-" + index;
    }

    /** {@code files} Deployments in 200 directories; every tenth has a Shiplog marker on its own image. */
    private static void generate(Path root, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Path file = root.resolve("clusters/c" + (i % 4) + "/team-" + (i % 200) + "/app-" + i + ".yaml");
            Files.createDirectories(file.getParent());
            boolean automated = i % 10 == 0;
            String image = automated ? image(i / 10) + ":1.0.0 # {\"$shiplog\": \"semver:^1\"}"
                    : "registry.bench/static/app-" + i + ":1.0.0";
            Files.writeString(file, """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: app-%d
                      labels:
                        app: app-%d
                    spec:
                      replicas: 2
                      template:
                        spec:
                          containers:
                            - name: app
                              image: %s
                    """.formatted(i, i, image), StandardCharsets.UTF_8);
        }
    }

    /** What a CI script does: shallow clone, edit one file, commit, push; wall time per run. */
    private static List<Long> baseline(String url, Path work, int runs) throws Exception {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path clone = work.resolve("baseline-" + i);
            long start = System.nanoTime();
            git(work, "clone", "--quiet", "--depth", "1", url, clone.toString());
            Path file = clone.resolve("clusters/c1/team-1/app-1.yaml");
            Files.writeString(file, Files.readString(file).replace("replicas: " + (i == 0 ? 2 : 100 + i - 1),
                    "replicas: " + (100 + i)));
            git(clone, "-c", "user.name=Bench", "-c", "user.email=bench@localhost", "commit", "--quiet", "-am",
                    "bench: scale app-1");
            git(clone, "push", "--quiet", "origin", "HEAD:main");
            out.add((System.nanoTime() - start) / 1_000_000);
            TempDirs.deleteQuietly(clone);
        }
        return out;
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

}
