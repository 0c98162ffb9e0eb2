package io.shiplog.dev.bench;

import io.shiplog.policy.Policies;
import io.shiplog.policy.Policy;
import io.shiplog.policy.PolicyResult;
import io.shiplog.policy.TagCandidate;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/bench policy}: one policy selection over 100,000 tags (a seeded mix of versions, pre-releases,
 * timestamped branch builds, feature tags and cosign signatures, all with creation times), for each kind of
 * policy. {@code policy_100k_tags_ms} is the slowest kind's median, after two warm-up runs. The {@code git-writer}
 * benchmark reports the same key by calling {@link #policy100kTagsMillis(int)}.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Policy selection over 100,000 tags, per kind of policy; summary key policy_100k_tags_ms.")
public final class PolicyBench implements Callable<Integer> {

    static final int TAGS = 100_000;
    static final List<String> SPECS = List.of("semver:^1.4", "semver:>=1.0.0-0 <3.0.0",
            "regex:^main-[a-f0-9]+-(?P<ts>[0-9]+)$;extract=$ts;order=numerical:asc", "regex:^feature-;order=alphabetical:desc",
            "glob:1.*", "newest", "keel:minor", "digest:latest");
    static final List<String> LABELS = List.of("semver-^", "semver-pre", "regex-num", "regex-alph", "glob",
            "newest", "keel-minor", "digest");

    @Option(names = "--quick", description = "Two measured runs per policy instead of --iterations.")
    boolean quick;

    @Option(names = "--iterations", defaultValue = "7", description = "Measured runs per policy (default ${DEFAULT-VALUE}).")
    int iterations;

    @Override
    public Integer call() {
        int runs = quick ? 2 : iterations;
        if (runs < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1, got " + runs);
        }
        PrintStream out = System.out;
        List<TagCandidate> tags = tags(TAGS, 42);
        out.println("tags: " + tags.size() + "; policies: " + SPECS);
        BenchTable table = new BenchTable(out, "policy", "median_ms", "max_ms", "chosen");
        long worst = 0;
        for (int i = 0; i < SPECS.size(); i++) {
            Measured m = measure(Policies.parse(SPECS.get(i)), tags, runs);
            table.row(LABELS.get(i), m.medianMs(), m.maxMs(), m.chosen());
            worst = Math.max(worst, m.medianMs());
        }
        LinkedHashMap<String, Object> summary = new LinkedHashMap<>();
        summary.put("policy_100k_tags_ms", worst);
        summary.put("tags", TAGS);
        summary.put("policies", SPECS.size());
        summary.put("iterations", runs);
        BenchTable.summary(out, "policy", summary);
        return 0;
    }

    /** The figure {@code policy_100k_tags_ms}: the slowest policy kind's median selection time over 100,000 tags. */
    static long policy100kTagsMillis(int runs) {
        List<TagCandidate> tags = tags(TAGS, 42);
        long worst = 0;
        for (String spec : SPECS) {
            worst = Math.max(worst, measure(Policies.parse(spec), tags, runs).medianMs());
        }
        return worst;
    }

    record Measured(String chosen, long medianMs, long maxMs) {
    }

    static Measured measure(Policy policy, List<TagCandidate> tags, int runs) {
        String chosen = "";
        for (int i = 0; i < 2; i++) {
            policy.select(tags, "1.4.0");
        }
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            PolicyResult result = policy.select(tags, "1.4.0");
            samples.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
            chosen = result instanceof PolicyResult.Chosen c ? c.candidate().tag() : result.getClass().getSimpleName();
        }
        return new Measured(chosen, BenchTable.median(samples), samples.stream().mapToLong(Long::longValue).max().orElse(0));
    }

    /** A seeded, realistic mix of {@code count} tags, the last one {@code latest}. */
    static List<TagCandidate> tags(int count, long seed) {
        Random random = new Random(seed);
        Instant base = Instant.parse("2020-01-01T00:00:00Z");
        List<TagCandidate> out = new ArrayList<>(count);
        for (int i = 0; i < count - 1; i++) {
            int kind = random.nextInt(100);
            String tag;
            if (kind < 40) {
                tag = (random.nextInt(5) == 0 ? "v" : "") + random.nextInt(4) + "." + random.nextInt(60) + "." + random.nextInt(40)
                        + (random.nextInt(8) == 0 ? "-rc." + random.nextInt(20) : "");
            } else if (kind < 70) {
                tag = "main-" + Integer.toHexString(random.nextInt(0x1000000) | 0x1000000).substring(1) + "-" + (1_600_000_000 + i);
            } else if (kind < 90) {
                tag = "feature-" + Long.toString(random.nextLong() & 0xffffffL, 36) + "-" + i;
            } else if (kind < 95) {
                tag = "sha256-" + Long.toHexString(random.nextLong()) + (random.nextBoolean() ? ".sig" : ".att");
            } else {
                tag = "build-" + i;
            }
            String digest = "sha256:" + String.format("%064x", i);
            out.add(new TagCandidate(tag, digest, base.plusSeconds(i * 60L + random.nextInt(60))));
        }
        out.add(new TagCandidate("latest", "sha256:" + "f".repeat(64), base.plusSeconds(count * 60L)));
        return out;
    }
}
