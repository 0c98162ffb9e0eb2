package io.shiplog.cli.release;

import io.shiplog.cli.audit.AuditApiOptions;
import io.shiplog.cli.audit.AuditHttp;
import io.shiplog.cli.audit.LogOptions;
import io.shiplog.cli.audit.Traces;
import io.shiplog.cli.cluster.CommandFollow;
import io.shiplog.events.Command;
import io.shiplog.events.ReleaseImage;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.image.ImageReference;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code shiplog release IMAGE:TAG}: a manual release through git-writer ({@code ReleaseImage} on
 * {@code shiplog.commands}): git-writer commits it like every release, the appliers apply the commit, and the CLI
 * follows both, then prints the release's trace from the audit API.
 */
@picocli.CommandLine.Command(name = "release", mixinStandardHelpOptions = true,
        description = {"Release IMAGE:TAG now (or IMAGE:TAG@DIGEST), as if the scanner had found it: git-writer "
            + "commits the manifests whose policy admits the tag (every one with --ignore-policy; only those of each "
            + "--app, under the paths of each --cluster when given), the appliers apply the commit; waits until it "
            + "is applied (on each --cluster, else on the first cluster) and prints the release's trace.",
            "Exit 0: applied (or already current), 1: refused (an --app or --cluster with no automated image of "
                    + "IMAGE, or a cluster git-writer does not know, refuses the whole release), nothing to commit, "
                    + "failed or no answer in time, 2: bad usage."})
public final class ReleaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Mixin
    AuditApiOptions api;

    @Parameters(index = "0", paramLabel = "IMAGE:TAG", description = "The image to release, with its tag.")
    String image;

    @Option(names = "--cluster", paramLabel = "NAME",
            description = "Release only to this cluster: move the images under its paths (the fleet file's "
                    + "clusters[].paths) and wait until it applied the release (repeatable; default: every path, and "
                    + "wait for the first cluster that applies it).")
    List<String> clusters = new ArrayList<>();

    @Option(names = "--app", paramLabel = "APP", split = ",",
            description = {"Move only the images of this app (repeatable): a workload named APP, or the files at the "
                    + "repository path APP or under it (e.g. apps/shop; a kustomization's images: entry or a Helm "
                    + "values file belongs to its directory). Default: every automated image of the repository."})
    List<String> apps = new ArrayList<>();

    @Option(names = "--ignore-policy", description = "Move every automated image of the repository, whatever its "
            + "policy admits.")
    boolean ignorePolicy;

    @Option(names = "--reason", description = "Why (goes into the commit message).")
    String reason;

    @Option(names = "--requested-by", paramLabel = "WHO",
            description = "Who asks (default: the context's user, else yours on this machine).")
    String requestedBy;

    @Option(names = "--timeout", defaultValue = "5m",
            description = "How long to wait for the commit and the applies, like 90s or 10m (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--no-trace", description = "Do not print the trace from the audit API at the end.")
    boolean noTrace;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImageReference reference;
        try {
            reference = ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            err.println("shiplog release: " + e.getMessage());
            return 2;
        }
        if (reference.tag() == null) {
            err.println("shiplog release: '" + image + "' names no tag: give IMAGE:TAG");
            return 2;
        }
        if (apps.stream().anyMatch(String::isBlank)) {
            err.println("shiplog release: --app needs a workload name or a repository path, got an empty one");
            return 2;
        }
        String who = requestedBy != null && !requestedBy.isBlank() ? requestedBy : log.user();
        Command command = Command.newBuilder().setMeta(new MetaFactory("shiplog-cli/" + who).root())
                .setPayload(ReleaseImage.newBuilder().setRepository(reference.repository()).setTag(reference.tag())
                        .setDigest(reference.digest()).setRequestedBy(who).setReason(reason)
                        .setIgnorePolicy(ignorePolicy).setApps(apps.isEmpty() ? null : List.copyOf(apps))
                        .setClusters(clusters.isEmpty() ? null : List.copyOf(clusters)).build())
                .build();
        ReleaseWatch watch = new ReleaseWatch(clusters, out, err);
        int status = new CommandFollow(log, out, err).run(reference.repository(), command,
                id -> "release of " + reference.repository() + ":" + reference.tag()
                        + (apps.isEmpty() ? "" : " to " + String.join(", ", apps))
                        + (clusters.isEmpty() ? "" : " in " + String.join(", ", clusters)) + " requested by " + who
                        + " (command " + id + ")",
                List.of(TopicCatalogue.COMMITS.name(), TopicCatalogue.APPLIES.name()), watch, timeout,
                "git-writer and the appliers");
        if (status == 0 && !noTrace && !watch.commits().isEmpty()) {
            trace(watch, out, err);
        }
        return status;
    }

    /** The trace of the release's first commit, once the audit store has the applies waited for (bounded). */
    private void trace(ReleaseWatch watch, PrintWriter out, PrintWriter err) {
        String sha = watch.commits().get(0);
        AuditHttp http = api.http();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode trace = null;
        while (System.nanoTime() < deadline) {
            try {
                trace = http.get("/api/v1/trace", "ref", sha);
                List<String> traced = new ArrayList<>();
                trace.path("applies").forEach(a -> traced.add(a.path("cluster").asString()));
                if (traced.containsAll(watch.applied())) {
                    break;
                }
            } catch (AuditHttp.ApiException e) {
                if (e.status() != 404) {
                    err.println("(no trace: " + e.getMessage() + ")");
                    return;
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        out.println();
        if (trace == null) {
            err.println("(no trace yet: the audit store has not projected commit " + sha + ")");
        } else {
            Traces.print(sha, trace, out);
        }
    }
}
