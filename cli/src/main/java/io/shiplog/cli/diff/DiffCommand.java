package io.shiplog.cli.diff;

import io.shiplog.applier.config.ApplierConfigFile;
import io.shiplog.applier.config.ApplierProperties;
import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.cluster.git.CommitNotFoundException;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.fleet.read.FleetFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shiplog diff --cluster NAME [--config FLEET] [--app A...] [--commit REV]}: what an apply of git would change
 * in a cluster, like {@code kubectl diff --server-side}: a unified diff per object of its live fields against the API
 * server's dry-run of applying the rendered commit; objects to create all added, objects to prune all removed, Secret
 * values masked.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Show what an apply of git would change in a cluster: the commit (default: the head of the "
                + "cluster's branch) is rendered as the applier renders it and each object is compared with the "
                + "live one through a server-side apply dry-run (field manager shiplog) - nothing is changed. "
                + "One unified diff per object (managedFields, resourceVersion, generation, uid, "
                + "creationTimestamp and status left out); objects to be created are all added, objects Shiplog "
                + "would prune (in the cluster's inventory, no longer in git) all removed.",
            "Secret values are never shown: **MASKED** (unchanged) on both sides, or **MASKED** live and "
                + "**MASKED** (changed) in git.",
            "The cluster is reached with the kubeconfig (and context) of the fleet file."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:no difference", "1:differences (or objects that cannot be compared, named on standard "
                + "error); the cluster is unknown or unreachable; the commit cannot be read",
            "2:bad usage (unknown option, invalid fleet file)"})
public final class DiffCommand implements Callable<Integer> {

    /** No difference. */
    public static final int SAME = 0;
    /** Differences, or no answer. */
    public static final int DIFFERENT = 1;
    /** Bad usage. */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The cluster of the fleet file.")
    String cluster;

    @Option(names = "--config", paramLabel = "FLEET",
            description = "The fleet file (default: $SHIPLOG_CONFIG, else ./shiplog.yaml).")
    Path config;

    @Option(names = "--app", paramLabel = "APP", split = ",",
            description = {"Only objects named APP (a workload and its Service, ConfigMap, ... of the same name), or "
                    + "rendered from the repository path APP or a path under it (e.g. apps/web); repeatable. "
                    + "Default: every object of the cluster."})
    List<String> apps;

    @Option(names = "--commit", paramLabel = "REV",
            description = "Compare this commit (an id or a prefix of one, or a branch) instead of the head of the "
                    + "cluster's branch.")
    String commit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = fleetFile();
        ApplierProperties properties;
        try {
            properties = ApplierConfigFile.load(file);
        } catch (IllegalArgumentException e) {
            err.println("shiplog diff: " + e.getMessage());
            return USAGE;
        }
        Optional<ClusterProperties> target = properties.clusters().stream().filter(c -> c.name().equals(cluster))
                .findFirst();
        if (target.isEmpty()) {
            err.println("shiplog diff: cluster " + cluster + " is not in the fleet file " + file + " (clusters: "
                    + String.join(", ", properties.clusters().stream().map(ClusterProperties::name).toList()) + ")");
            return DIFFERENT;
        }
        try (ClusterDiff diff = ClusterDiff.open(properties, target.get())) {
            diff.probe();
            ClusterDiff.Result result = diff.compare(diff.resolve(commit), new AppFilter(apps));
            for (ObjectChange change : result.changes()) {
                out.println("diff -u -N live/" + change.id() + " git/" + change.id());
                out.print(change.diff());
            }
            out.flush();
            result.problems().forEach(problem -> err.println("shiplog diff: " + problem));
            if (!result.changes().isEmpty()) {
                err.println(summary(result));
            }
            return result.changes().isEmpty() && result.problems().isEmpty() ? SAME : DIFFERENT;
        } catch (ClusterUnreachableException | CommitNotFoundException | IllegalStateException e) {
            String message = String.valueOf(e.getMessage());
            err.println("shiplog diff: " + (message.contains("cluster " + cluster) ? message
                    : "cluster " + cluster + ": " + message));
            return DIFFERENT;
        }
    }

    private String summary(ClusterDiff.Result result) {
        long created = result.changes().stream().filter(c -> c.live() == null).count();
        long pruned = result.changes().stream().filter(c -> c.desired() == null).count();
        return result.changes().size() + " object(s) of cluster " + cluster + " differ from commit "
                + result.commit() + ": " + created + " to create, " + (result.changes().size() - created - pruned)
                + " to change, " + pruned + " to prune";
    }

    private Path fleetFile() {
        if (config != null) {
            return config;
        }
        String named = System.getenv(FleetFile.ENVIRONMENT_VARIABLE);
        return Path.of(named == null || named.isBlank() ? FleetFile.DEFAULT_NAME : named.strip());
    }
}
