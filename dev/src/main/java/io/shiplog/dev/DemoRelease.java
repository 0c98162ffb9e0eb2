package io.shiplog.dev;

import io.shiplog.dev.demo.DemoInfrastructure;
import io.shiplog.dev.demo.DemoRepository;
import io.shiplog.dev.demo.DemoState;
import io.shiplog.dev.release.ReleaseProgress;
import io.shiplog.dev.release.ReleaseTracker;
import io.shiplog.local.oci.PushedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The demo's release, printed as it happens: push {@code demo/app:<tag>} to the demo registry, then the tag found
 * by the scanner, the commit git-writer made, the apply on each cluster (each with its time since the push), and the
 * release's {@code shiplog audit trace}.
 */
public final class DemoRelease {

    /** The outcome: the tag, its commit and the time from the push to the last cluster's apply. */
    public record Outcome(String tag, String commit, int clusters, long pushToAppliedMs) {

        /** {@code demo: tag=<tag> commit=<sha> clusters=2 push_to_applied_ms=<n>}. */
        public String summary() {
            return "demo: tag=" + tag + " commit=" + commit + " clusters=" + clusters + " push_to_applied_ms="
                    + pushToAppliedMs;
        }
    }

    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DevEnvironment env;
    private final DemoInfrastructure demo;
    private final ReleaseTracker tracker;
    private final PrintWriter out;

    /** @param tracker following the release log from its beginning */
    public DemoRelease(DevEnvironment env, ReleaseTracker tracker, PrintWriter out) {
        this.env = env;
        this.demo = env.demo().orElseThrow(() -> new IllegalStateException("the demo is not running"));
        this.tracker = tracker;
        this.out = out;
    }

    /**
     * On a new data directory: waits until both clusters applied the repository's first commit, then pushes the
     * image the manifests already name ({@code 1.0.0}: found, nothing to commit).
     */
    public void prepare(DemoState state) throws TimeoutException, InterruptedException {
        state.registry(demo.registry().host()).save();
        if (!state.released().isEmpty()) {
            return;
        }
        String head = demo.head();
        out.printf("demo: %s at %s is applied to %s ...%n", DemoRepository.NAME, head.substring(0, 7),
                demo.clusterNames());
        out.flush();
        awaitApplied(head);
        PushedImage initial = demo.registry().pusher().push(DemoRepository.IMAGE, "1.0.0");
        out.printf("demo: pushed %s:1.0.0 (%s), the version git already holds%n", demo.image(),
                shortDigest(initial.digest()));
        ReleaseTracker.Discovery found = awaitDiscovery("1.0.0");
        out.printf("demo: 1.0.0 found by registry-scanner (%s); git-writer has nothing to change%n", found.source());
        out.flush();
        state.releasedNow("1.0.0");
    }

    /** Pushes the next demo version and follows it until it is applied everywhere and traced. */
    public Outcome release(DemoState state) throws TimeoutException, InterruptedException {
        String tag = state.nextTag();
        Set<String> clusters = new LinkedHashSet<>(demo.clusterNames());
        out.printf("%ndemo: pushing %s:%s%n", demo.image(), tag);
        out.flush();
        long pushed = System.nanoTime();
        PushedImage image = demo.registry().pusher().push(DemoRepository.IMAGE, tag);
        ReleaseTracker.Release release = tracker.await(demo.image(), tag, clusters, STEP_TIMEOUT,
                new ReleaseProgress() {
                    @Override
                    public void discovered(ReleaseTracker.Discovery discovery) {
                        step(pushed, discovery.atNanos(), "found by registry-scanner (" + discovery.source()
                                + "), digest " + shortDigest(image.digest()));
                    }

                    @Override
                    public void committed(ReleaseTracker.Commit commit) {
                        step(pushed, commit.atNanos(), "committed " + commit.sha().substring(0, 7)
                                + " by git-writer (" + commit.files() + " image values changed)");
                    }

                    @Override
                    public void applied(ReleaseTracker.Apply apply) {
                        step(pushed, apply.atNanos(), "applied on " + apply.cluster() + " (" + apply.status() + ")");
                    }
                });
        long pushToApplied = release.applies().values().stream().mapToLong(ReleaseTracker.Apply::atNanos).max()
                .orElseThrow() - pushed;
        state.releasedNow(tag);
        printTrace(demo.image() + ":" + tag, clusters.size());
        return new Outcome(tag, release.commit().sha(), clusters.size(), pushToApplied / 1_000_000);
    }

    private void awaitApplied(String sha) throws TimeoutException, InterruptedException {
        Set<String> clusters = new LinkedHashSet<>(demo.clusterNames());
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!tracker.applies(sha, clusters).keySet().containsAll(clusters)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the first commit " + sha + " was not applied on " + clusters + " within "
                        + STEP_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    private ReleaseTracker.Discovery awaitDiscovery(String tag) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            var found = tracker.discovery(demo.image(), tag);
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the scanner did not report " + demo.image() + ":" + tag + " within "
                        + STEP_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    /** Prints {@code shiplog audit trace REF} once the audit store has projected every cluster's apply. */
    private void printTrace(String ref, int clusters) throws TimeoutException, InterruptedException {
        URI auditor = env.serviceUrls().get("drift-auditor");
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (traceApplies(auditor, ref) < clusters) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the audit store did not show the release of " + ref + " within "
                        + STEP_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        out.printf("%ndemo: ./shiplog audit trace %s%n", ref);
        out.flush();
        int status = DevMain.commandLine().setOut(out).setErr(out).execute("audit", "trace", ref, "--url",
                auditor.toString(), "--token", env.apiToken());
        if (status != 0) {
            throw new IllegalStateException("shiplog audit trace " + ref + " failed with exit code " + status);
        }
        out.flush();
    }

    private int traceApplies(URI auditor, String ref) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(auditor.resolve("/api/v1/trace?ref="
                    + java.net.URLEncoder.encode(ref, java.nio.charset.StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + env.apiToken()).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return 0;
            }
            JsonNode trace = JSON.readTree(response.body());
            return trace.path("applies").size();
        } catch (IOException e) {
            return 0;
        }
    }

    private void step(long pushed, long at, String what) {
        out.printf("  +%6d ms  %s%n", (at - pushed) / 1_000_000, what);
        out.flush();
    }

    private static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
