package io.shiplog.cluster.render.helm;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ManifestParser;
import io.shiplog.cluster.render.tool.RenderTool;
import io.shiplog.cluster.render.tool.RenderTools;
import io.shiplog.cluster.render.tool.ToolFailedException;
import io.shiplog.cluster.render.tool.ToolMissingException;
import io.shiplog.cluster.render.tool.ToolRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a {@link ChartRelease} with the real {@code helm template}: the chart is fetched into the cache (or taken
 * from the repository tree), the values go to Helm on its standard input only (they may hold Secret data), and the
 * template runs without network, with a deadline and a memory bound. The rendered objects name the HelmRelease in
 * their source; every failure is a {@link HelmRenderException} naming it.
 */
public final class HelmRenderer {

    private static final Logger LOG = LoggerFactory.getLogger(HelmRenderer.class);
    private static final Gson GSON = new Gson();

    private final RenderTools tools;
    private final Options options;
    private final ChartFetcher fetcher;

    /**
     * How rendering is bounded.
     *
     * @param chartCache  where fetched charts are kept, by source, chart and version
     * @param timeout     how long one helm run may take
     * @param memoryBytes the virtual-memory limit of one helm run
     * @param maxOutput   the most bytes of rendered YAML
     * @param kubeVersion the Kubernetes version charts see ({@code .Capabilities.KubeVersion}); blank: Helm's default
     * @param apiVersions extra API versions charts see ({@code .Capabilities.APIVersions})
     * @param indexTtl    how long a chart repository's {@code index.yaml} is reused to resolve version ranges
     */
    public record Options(Path chartCache, Duration timeout, long memoryBytes, int maxOutput, String kubeVersion,
                          List<String> apiVersions, Duration indexTtl) {

        public Options {
            Objects.requireNonNull(chartCache, "chartCache");
            apiVersions = List.copyOf(apiVersions);
        }

        /**
         * Two minutes, 2 GiB of address space, 64 MiB of output, Helm's own Kubernetes version, indexes reused for a
         * minute.
         */
        public static Options defaults(Path chartCache) {
            return new Options(chartCache, Duration.ofMinutes(2), 2L << 30, 64 << 20, "", List.of(),
                    Duration.ofMinutes(1));
        }

        public Options withTimeout(Duration newTimeout) {
            return new Options(chartCache, newTimeout, memoryBytes, maxOutput, kubeVersion, apiVersions, indexTtl);
        }

        /** These options with the pipeline's bounds of one unit. */
        public Options withLimits(Duration newTimeout, long newMemoryBytes, int newMaxOutput) {
            return new Options(chartCache, newTimeout, newMemoryBytes, newMaxOutput, kubeVersion, apiVersions,
                    indexTtl);
        }

        public Options withIndexTtl(Duration newIndexTtl) {
            return new Options(chartCache, timeout, memoryBytes, maxOutput, kubeVersion, apiVersions, newIndexTtl);
        }
    }

    public HelmRenderer(RenderTools tools, Options options) {
        this.tools = tools;
        this.options = options;
        this.fetcher = new ChartFetcher(tools, options.chartCache(), options.timeout(), options.memoryBytes(),
                options.indexTtl());
    }

    /**
     * The objects of {@code release}; {@code repositoryTree} is the checked-out configuration repository (charts
     * from its {@code GitRepository} are read there, never outside it).
     */
    public List<Manifest> render(ChartRelease release, Path repositoryTree) {
        Path work = null;
        try {
            Path chart = chartDirectory(release, repositoryTree);
            work = Files.createTempDirectory("shiplog-helm-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (!release.valuesFiles().isEmpty()) {
                chart = withValuesFiles(release, chart, work.resolve("chart"));
            }
            return template(release, chart, work, GSON.toJson(release.values()).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | ToolFailedException | ToolMissingException e) {
            throw new HelmRenderException(release.describe() + ": " + release.redact(e.getMessage()));
        } catch (IOException e) {
            throw new HelmRenderException(release.describe() + ": cannot read the chart: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new HelmRenderException(release.describe() + ": " + e.getMessage() + ": "
                    + e.getCause().getMessage());
        } finally {
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    /**
     * The exact chart version {@code release} renders now (its range resolved against the repository's index or
     * the registry's tags), for a cache key of rendered output; empty for a chart in the repository tree, whose
     * content is its key.
     */
    public String resolveVersion(ChartRelease release) {
        if (release.source() instanceof ChartSource.RepositoryTree) {
            return "";
        }
        try {
            return fetcher.resolve(release.source(), release.chart(), release.versionRange());
        } catch (IllegalArgumentException e) {
            throw new HelmRenderException(release.describe() + ": " + release.redact(e.getMessage()));
        }
    }

    private Path chartDirectory(ChartRelease release, Path repositoryTree) throws IOException {
        if (release.source() instanceof ChartSource.RepositoryTree tree) {
            Path chart = inside(repositoryTree, tree.path(), "chart path " + tree.path());
            if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
                throw new IllegalArgumentException("there is no chart (Chart.yaml) at " + tree.path()
                        + " in the repository");
            }
            Path root = repositoryTree.toRealPath();
            try (Stream<Path> files = Files.walk(chart)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (Files.isSymbolicLink(file) && !file.toRealPath().startsWith(root)) {
                        throw new IllegalArgumentException("chart " + tree.path() + " has a symbolic link "
                                + chart.relativize(file) + " leading outside the repository");
                    }
                }
            }
            return chart;
        }
        return fetcher.fetch(release.source(), release.chart(), release.versionRange());
    }

    /**
     * A copy of the chart whose default values are its {@code valuesFiles} merged in order, as Flux builds it (the
     * chart's own {@code values.yaml} counts only when listed). Chart files hold no secret, so the copy may be on disk.
     */
    private static Path withValuesFiles(ChartRelease release, Path chart, Path copy) throws IOException {
        JsonObject defaults = new JsonObject();
        for (String file : release.valuesFiles()) {
            Path path = inside(chart, file, "values file " + file);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("values file " + file + " is not in chart " + release.chart());
            }
            ReleaseValues.deepMerge(defaults, ValuesYaml.parseMapping(Files.readString(path),
                    "values file " + file + " of chart " + release.chart()));
        }
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(chart.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Files.writeString(copy.resolve("values.yaml"), GSON.toJson(defaults));
        return copy;
    }

    private List<Manifest> template(ChartRelease release, Path chart, Path work, byte[] values) {
        List<String> command = new ArrayList<>(List.of(tools.require(RenderTool.HELM).toString(), "template",
                release.releaseName(), chart.toAbsolutePath().toString(), "--namespace",
                release.namespace().isEmpty() ? "default" : release.namespace(), "--values", "-",
                "--skip-tests", release.includeCrds() ? "--include-crds" : "--skip-crds"));
        if (!options.kubeVersion().isBlank()) {
            command.addAll(List.of("--kube-version", options.kubeVersion()));
        }
        options.apiVersions().forEach(v -> command.addAll(List.of("--api-versions", v)));
        ToolRun.Result result = new ToolRun(command, work, helmEnvironment(work), values, options.timeout(),
                options.memoryBytes(), options.maxOutput(), false).run();
        if (!result.succeeded()) {
            throw new IllegalArgumentException("helm template failed: " + result.stderrSummary());
        }
        List<Manifest> objects = parse(release, new String(result.stdout(), StandardCharsets.UTF_8));
        LOG.debug("Rendered {}: {} objects in {} ms", release.describe(), objects.size(), result.took().toMillis());
        return objects;
    }

    /** Splits Helm's output at its {@code # Source:} comments so each object names its template. */
    private static List<Manifest> parse(ChartRelease release, String output) {
        List<Manifest> manifests = new ArrayList<>();
        List<LoadFailure> failures = new ArrayList<>();
        Map<String, StringBuilder> byTemplate = new LinkedHashMap<>();
        String template = "(unnamed template)";
        for (String document : output.split("(?m)^---\\s*$")) {
            String stripped = document.strip();
            if (stripped.startsWith("# Source: ")) {
                int end = stripped.indexOf('\n');
                template = (end < 0 ? stripped : stripped.substring(0, end)).substring("# Source: ".length()).strip();
            }
            byTemplate.computeIfAbsent(template, t -> new StringBuilder()).append("---\n").append(document)
                    .append('\n');
        }
        byTemplate.forEach((name, text) -> ManifestParser.parse(sourceOf(release, name),
                text.toString().getBytes(StandardCharsets.UTF_8), manifests, failures));
        if (!failures.isEmpty()) {
            throw new IllegalArgumentException("the chart rendered objects that cannot be read: "
                    + failures.get(0).message() + (failures.size() > 1 ? " (and " + (failures.size() - 1)
                    + " more)" : ""));
        }
        return manifests;
    }

    private static String sourceOf(ChartRelease release, String template) {
        return release.helmRelease().sourcePath() + " > HelmRelease " + release.helmRelease().key().name()
                + " > " + template;
    }

    /** {@code relative} under {@code root}; refused when it leads outside (by {@code ..} or a symbolic link). */
    private static Path inside(Path root, String relative, String what) throws IOException {
        Path base = root.toRealPath();
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base) || (Files.exists(resolved) && !resolved.toRealPath().startsWith(base))) {
            throw new IllegalArgumentException(what + " leads outside the directory it must be in");
        }
        return resolved;
    }

    /** Helm's own directories inside {@code work}, so runs share nothing and leave nothing behind. */
    static Map<String, String> helmEnvironment(Path work) {
        return Map.of("HOME", work.toString(), "HELM_CACHE_HOME", work.resolve("cache").toString(),
                "HELM_CONFIG_HOME", work.resolve("config").toString(), "HELM_DATA_HOME",
                work.resolve("data").toString());
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory of charts and Helm's caches, no values
        }
    }
}
