package io.shiplog.cli.render;

import com.google.gson.JsonObject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.cluster.config.Decryption;
import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.LoadResult;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.render.ObjectDecryptor;
import io.shiplog.cluster.render.RenderOptions;
import io.shiplog.cluster.render.RenderSettings;
import io.shiplog.cluster.render.pipeline.Renderer;
import io.shiplog.cluster.render.sops.AgeIdentities;
import io.shiplog.cluster.render.sops.ClusterDecryption;
import io.shiplog.cluster.render.tool.RenderTools;
import io.shiplog.fleet.ClusterSpec;
import io.shiplog.fleet.DecryptionSpec;
import io.shiplog.fleet.Fleet;
import io.shiplog.fleet.FleetLoad;
import io.shiplog.fleet.FleetProblem;
import io.shiplog.fleet.read.FleetFile;
import io.shiplog.fleet.read.FleetLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code shiplog render --repo DIR (--cluster NAME [--config FLEET] | --path P...) [--commit REV]}: prints what the
 * applier would apply from a commit of a local repository, rendered unit by unit exactly as the applier renders
 * (plain files, kustomize units with the real kustomize), as YAML documents separated by {@code ---}. A unit that
 * cannot be rendered is named with its message on standard error and the exit status is 1.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Print what the applier would apply for a cluster (or paths) at a commit of a local repository: "
                + "every unit rendered as the applier renders it (plain manifests; kustomize directories built by "
                + "the real kustomize, found through $SHIPLOG_RENDER_TOOLS or the PATH), as YAML documents separated "
                + "by ---. Units that fail are named on standard error.",
            "Objects are printed as rendered, before the applier adds its labels and the default namespace."},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:every unit rendered", "1:a unit could not be rendered (named on standard error) or the "
                + "repository or commit cannot be read", "2:bad usage (unknown cluster, invalid fleet file)"})
public final class RenderCommand implements Callable<Integer> {

    /** Every unit rendered. */
    public static final int RENDERED = 0;
    /** A unit failed, or the repository could not be read. */
    public static final int FAILED = 1;
    /** Bad usage. */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", required = true, paramLabel = "DIR",
            description = "The config repository: a clone (work tree) or a bare repository.")
    Path repo;

    @Option(names = "--commit", paramLabel = "REV", defaultValue = "HEAD",
            description = "The commit to render (default: ${DEFAULT-VALUE}); what is committed, not the work tree.")
    String commit;

    @Option(names = "--age-key-file", paramLabel = "FILE",
            description = "Age keys (age-keygen output) that decrypt SOPS-encrypted files; default: the cluster's "
                    + "decryption.keyFile in the fleet file. Secret values are printed as **SOPS**, never in clear.")
    Path ageKeyFile;

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @ArgGroup(exclusive = false)
        ClusterTarget cluster;

        @Option(names = "--path", paramLabel = "P", split = ",",
                description = "Render these paths (directories or files) instead of a cluster's.")
        List<String> paths;
    }

    static final class ClusterTarget {
        @Option(names = "--cluster", required = true, paramLabel = "NAME",
                description = "Render the paths of this cluster of the fleet file.")
        String name;

        @Option(names = "--config", paramLabel = "FLEET",
                description = "The fleet file (default: $SHIPLOG_CONFIG, else ./shiplog.yaml).")
        Path config;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> paths;
        boolean allowRemoteBases = false;
        Path keys = ageKeyFile;
        String repositoryUrl = null;
        if (target.cluster != null) {
            Fleet fleet = fleet(target.cluster.config);
            ClusterSpec cluster = fleet.cluster(target.cluster.name).orElseThrow(() -> new ParameterException(
                    spec.commandLine(), "cluster " + target.cluster.name + " is not in the fleet file " + fleet.file()
                    + " (clusters: " + String.join(", ", fleet.clusters().stream().map(ClusterSpec::name).toList())
                    + ")"));
            paths = cluster.paths();
            allowRemoteBases = fleet.clusterRepository(cluster).allowRemoteBases();
            repositoryUrl = fleet.clusterRepository(cluster).url();
            if (keys == null) {
                keys = cluster.decryption().flatMap(DecryptionSpec::keyFile).orElse(null);
            }
        } else {
            paths = target.paths;
        }
        Path keyFile = keys;
        RenderOptions options = ClusterDecryption.options(allowRemoteBases, keyFile == null ? AgeIdentities::none
                : () -> AgeIdentities.of(new Decryption(keyFile, null), null));
        LoadResult result = render(paths, options, repositoryUrl);
        List<JsonObject> objects = result.manifests().stream().map(Manifest::body).map(RenderCommand::masked)
                .toList();
        out.print(YamlDocuments.of(objects));
        out.flush();
        for (LoadFailure failure : result.failures()) {
            err.println(failure.sourcePath() + ": " + failure.message());
        }
        if (!result.failures().isEmpty()) {
            err.println(result.failures().size() + " failure(s) in " + result.files() + " unit(s); "
                    + objects.size() + " object(s) rendered");
            return FAILED;
        }
        return RENDERED;
    }

    /** A Secret's values replaced by {@code **SOPS**}, as {@code flux build} prints them; other objects as they are. */
    static JsonObject masked(JsonObject body) {
        if (!body.has("kind") || !"Secret".equals(body.get("kind").getAsString())) {
            return body;
        }
        JsonObject copy = body.deepCopy();
        for (String field : List.of("data", "stringData")) {
            if (copy.has(field) && copy.get(field).isJsonObject()) {
                JsonObject values = copy.getAsJsonObject(field);
                values.keySet().forEach(k -> values.addProperty(k, "**SOPS**"));
            }
        }
        return copy;
    }

    private LoadResult render(List<String> paths, RenderOptions given, String fleetUrl) throws IOException {
        Repository repository;
        try {
            FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(repo.toFile());
            if (builder.getGitDir() == null) {
                builder.setGitDir(repo.toFile()).setBare();
            }
            repository = builder.setMustExist(true).build();
        } catch (IOException e) {
            throw new IllegalStateException(repo + " is not a git repository");
        }
        Path work = Files.createTempDirectory("shiplog-render");
        try (repository; Renderer renderer = new Renderer(RenderSettings.defaults(work), RenderTools.fromEnvironment(),
                ObjectDecryptor.NONE, new SimpleMeterRegistry())) {
            ObjectId id = Optional.ofNullable(repository.resolve(commit + "^{commit}")).orElseThrow(() ->
                    new IllegalStateException("commit " + commit + " is not in " + repo));
            String url = fleetUrl != null ? fleetUrl : repository.getConfig().getString("remote", "origin", "url");
            return renderer.load(repository, id, paths, given.forRepository(url));
        } catch (MissingObjectException e) {
            throw new IllegalStateException("commit " + commit + " is not in " + repo);
        } finally {
            try (Stream<Path> left = Files.walk(work)) {
                left.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Fleet fleet(Path config) {
        Path file = config;
        if (file == null) {
            String named = System.getenv(FleetFile.ENVIRONMENT_VARIABLE);
            file = Path.of(named == null || named.isBlank() ? FleetFile.DEFAULT_NAME : named.strip());
        }
        FleetLoad load = FleetLoader.defaults().load(file);
        if (load instanceof FleetLoad.Valid valid) {
            return valid.fleet();
        }
        throw new ParameterException(spec.commandLine(), "fleet file " + file + " is invalid (shiplog config check "
                + "shows why): " + String.join("; ", load.problems().stream().limit(3).map(FleetProblem::render)
                .toList()));
    }
}
