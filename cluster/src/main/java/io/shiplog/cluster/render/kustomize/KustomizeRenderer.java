package io.shiplog.cluster.render.kustomize;

import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ManifestParser;
import io.shiplog.cluster.render.CommitView.Entry;
import io.shiplog.cluster.render.CommitView;
import io.shiplog.cluster.render.RenderOptions;
import io.shiplog.cluster.render.RenderSettings;
import io.shiplog.cluster.render.Rendered;
import io.shiplog.cluster.render.Unit;
import io.shiplog.cluster.render.UnitFailedException;
import io.shiplog.cluster.render.UnitRenderer;
import io.shiplog.cluster.render.WorkTree;
import io.shiplog.cluster.render.tool.RenderTool;
import io.shiplog.cluster.render.tool.RenderTools;
import io.shiplog.cluster.render.tool.ToolFailedException;
import io.shiplog.cluster.render.tool.ToolMissingException;
import io.shiplog.cluster.render.tool.ToolRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kustomize units, built by the real {@code kustomize build} over a work tree holding only what the unit reads
 * ({@link KustomizeGraph}), with no network unless the repository allows remote bases, within the time and memory
 * bounds of {@link RenderSettings}. The content key is the hash of every tree, file and link the unit reads and of
 * the kustomize version, so a commit that does not touch them renders nothing again.
 */
public final class KustomizeRenderer implements UnitRenderer, AutoCloseable {

    public static final String KIND = "kustomize";

    private final RenderSettings settings;
    private final RenderTools tools;
    private final Map<Path, String> versions = new ConcurrentHashMap<>();
    private Optional<KustomizeHelpers> helpers;
    private boolean closed;

    public KustomizeRenderer(RenderSettings settings, RenderTools tools) {
        this.settings = settings;
        this.tools = tools;
    }

    /** Whether a file called {@code fileName} makes its directory a kustomize unit. */
    public static boolean isKustomizationFile(String fileName) {
        return KustomizeGraph.FILE_NAMES.contains(fileName);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Prepared prepare(CommitView view, Unit unit, RenderOptions options) throws UnitFailedException {
        Path kustomize;
        KustomizeGraph.Plan plan;
        try {
            kustomize = tools.require(RenderTool.KUSTOMIZE);
            plan = KustomizeGraph.plan(view, unit.path(), options.allowRemoteBases());
        } catch (ToolMissingException e) {
            throw new UnitFailedException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<String> key = plan.remote() ? Optional.empty() : Optional.of(hash(unit, plan, version(kustomize)));
        return new Prepared() {
            @Override
            public Optional<String> contentKey() {
                return key;
            }

            @Override
            public Rendered render() throws UnitFailedException {
                return build(view, unit, plan, kustomize);
            }
        };
    }

    private Rendered build(CommitView view, Unit unit, KustomizeGraph.Plan plan, Path kustomize)
            throws UnitFailedException {
        return build(view, plan, kustomize, work -> work.resolve(unit.path()), unit.name(), output -> output);
    }

    /** Writes what a unit adds to its work tree (a generated kustomization) and says which directory to build. */
    interface Overlay {
        Path write(WorkTree work) throws IOException;
    }

    /**
     * Lays out {@code plan}, adds the {@code overlay}, runs {@code kustomize build} on the directory it names and
     * parses the output (after {@code postBuild}) with {@code source} as every object's source.
     */
    Rendered build(CommitView view, KustomizeGraph.Plan plan, Path kustomize, Overlay overlay, String source,
                   java.util.function.UnaryOperator<byte[]> postBuild) throws UnitFailedException {
        try (WorkTree work = WorkTree.create(settings.workDirectory(), settings.maxInputBytes())) {
            layOut(view, plan, work);
            Path directory = overlay.write(work);
            ToolRun.Result result;
            try {
                Optional<KustomizeHelpers> helper = plan.remote() ? Optional.empty() : helpers();
                if (helper.isPresent()) {
                    result = helper.get().build(directory.toAbsolutePath());
                } else {
                    // one Go thread per build: units build side by side, one per core
                    result = new ToolRun(List.of(kustomize.toString(), "build", directory.toString()),
                            work.directory(), Map.of("GOMAXPROCS", "1"), null, settings.timeout(),
                            settings.memoryBytes(), settings.maxOutputBytes(), plan.remote()).run();
                }
            } catch (ToolFailedException e) {
                throw new UnitFailedException(plan.redact(work.strip(e.getMessage())));
            }
            if (!result.succeeded()) {
                throw new UnitFailedException("kustomize build failed: "
                        + plan.redact(work.strip(result.stderrSummary())));
            }
            List<Manifest> manifests = new ArrayList<>();
            List<LoadFailure> failures = new ArrayList<>();
            byte[] output = postBuild.apply(result.stdout());
            ManifestParser.parse(source, output, manifests, failures);
            return new Rendered(manifests, failures, output.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the plan's entries, parents first; what a written tree holds is not written again. */
    private static void layOut(CommitView view, KustomizeGraph.Plan plan, WorkTree work)
            throws IOException, UnitFailedException {
        List<String> trees = new ArrayList<>();
        for (Entry entry : plan.entries().values()) {
            if (trees.stream().anyMatch(t -> t.isEmpty() || entry.path().startsWith(t + "/"))) {
                continue;
            }
            if (entry.isTree()) {
                work.writeTree(view, entry.path(), entry.id());
                trees.add(entry.path());
            } else if (entry.isSymlink()) {
                work.writeLink(entry.path(), view.linkTarget(entry.id()));
            } else if (entry.isFile()) {
                work.writeFile(view, entry.path(), entry.id());
            }
        }
    }

    private static String hash(Unit unit, KustomizeGraph.Plan plan, String version) {
        return hash(KIND + " " + version + "\n" + unit.path() + "\n", plan);
    }

    /** The SHA-256 of {@code head} and every entry of {@code plan}. */
    static String hash(String head, KustomizeGraph.Plan plan) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(head.getBytes(StandardCharsets.UTF_8));
            for (Entry entry : plan.entries().values()) {
                digest.update((entry.path() + " " + entry.mode().getBits() + " " + entry.id().name() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kustomize binary, or a failure saying how to install it. */
    Path kustomize() throws UnitFailedException {
        try {
            return tools.require(RenderTool.KUSTOMIZE);
        } catch (ToolMissingException e) {
            throw new UnitFailedException(e.getMessage());
        }
    }

    /**
     * What {@code kustomize version} prints, asked once per binary, and the kustomize helper's identity when units
     * are built by it.
     */
    String version(Path kustomize) {
        String cli = versions.computeIfAbsent(kustomize, k -> {
            ToolRun.Result result = new ToolRun(List.of(k.toString(), "version"), Path.of("/"), Map.of(), null,
                    Duration.ofSeconds(30), settings.memoryBytes(), 64 * 1024, false).run();
            return new String(result.stdout(), StandardCharsets.UTF_8).strip();
        });
        return helpers().map(h -> cli + " " + h.identity()).orElse(cli);
    }

    /**
     * The pool of kustomize helpers when the helper is installed: units without remote bases are built by them;
     * without it, each unit runs {@code kustomize build}.
     */
    private synchronized Optional<KustomizeHelpers> helpers() {
        if (helpers == null) {
            helpers = closed ? Optional.empty()
                    : tools.find(RenderTool.KUSTOMIZE_HELPER).map(binary -> new KustomizeHelpers(settings, binary));
        }
        return helpers;
    }

    /** Stops the kustomize helpers. */
    @Override
    public synchronized void close() {
        closed = true;
        if (helpers != null) {
            helpers.ifPresent(KustomizeHelpers::close);
        }
    }
}
