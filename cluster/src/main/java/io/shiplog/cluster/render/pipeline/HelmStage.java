package io.shiplog.cluster.render.pipeline;

import com.google.gson.JsonObject;
import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.UnitOrder;
import io.shiplog.cluster.render.CommitView;
import io.shiplog.cluster.render.RenderSettings;
import io.shiplog.cluster.render.Rendered;
import io.shiplog.cluster.render.UnitFailedException;
import io.shiplog.cluster.render.UnitRenderer;
import io.shiplog.cluster.render.WorkTree;
import io.shiplog.cluster.render.helm.ChartRelease;
import io.shiplog.cluster.render.helm.ChartSource;
import io.shiplog.cluster.render.helm.HelmFailure;
import io.shiplog.cluster.render.helm.HelmPlan;
import io.shiplog.cluster.render.helm.HelmPlanner;
import io.shiplog.cluster.render.helm.HelmRenderException;
import io.shiplog.cluster.render.helm.HelmRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Flux HelmReleases among a load's objects, rendered in their place: the release and its source object are not
 * applied, the chart's objects are (namespaced ones without a namespace in the release's namespace), each release
 * alone (a failure names it and is its unit's failure), rendered output cached by what the release reads.
 */
final class HelmStage {

    static final String KIND = "helm";

    /** How one release is rendered or taken from the cache (the pipeline's run of a unit). */
    interface Run {
        Rendered run(String unit, String source, CommitView view, UnitRenderer.Prepared prepared);
    }

    private final HelmRenderer helm;
    private final RenderSettings settings;
    private final Executor pool;

    HelmStage(HelmRenderer helm, RenderSettings settings, Executor pool) {
        this.helm = helm;
        this.settings = settings;
        this.pool = pool;
    }

    /** {@code rendered} with its HelmReleases replaced by their charts' objects. */
    Rendered expand(CommitView view, Rendered rendered, String repositoryUrl, Run run, UnitOrder.Builder order) {
        if (rendered.manifests().stream().noneMatch(HelmStage::isFluxHelm)) {
            return rendered;
        }
        HelmPlan plan = HelmPlanner.plan(rendered.manifests(), repositoryUrl == null ? "" : repositoryUrl);
        Set<Manifest> consumed = new HashSet<>(plan.consumed());
        plan.releases().forEach(r -> consumed.add(r.helmRelease()));
        plan.failures().forEach(f -> consumed.add(f.helmRelease()));
        List<Manifest> manifests = new ArrayList<>();
        rendered.manifests().stream().filter(m -> !consumed.contains(m)).forEach(manifests::add);
        List<LoadFailure> failures = new ArrayList<>(rendered.failures());
        for (HelmFailure failure : plan.failures()) {
            failures.add(failureOf(failure.helmRelease(), failure.message()));
            order.unit(unitName(failure.helmRelease()), new UnitOrder.Dependencies(List.of(), false,
                    Optional.of(failure.message())), List.of());
        }
        List<CompletableFuture<Rendered>> charts = new ArrayList<>();
        for (ChartRelease release : plan.releases()) {
            charts.add(CompletableFuture.supplyAsync(() -> {
                try (CommitView own = view.fork()) {
                    return run.run(release.describe(), release.helmRelease().sourcePath(), own,
                            prepare(own, release));
                }
            }, pool));
        }
        long bytes = rendered.bytes();
        for (int i = 0; i < charts.size(); i++) {
            Rendered out = charts.get(i).join();
            ChartRelease release = plan.releases().get(i);
            Manifest helmRelease = release.helmRelease();
            order.unit(unitName(helmRelease), Renderer.withFailure(new UnitOrder.Dependencies(UnitOrder.dependsOn(
                    spec(helmRelease).get("dependsOn"), "HelmRelease", helmRelease.key().namespace()),
                    waits(helmRelease), Optional.empty()), out), out.manifests());
            manifests.addAll(out.manifests());
            failures.addAll(out.failures());
            bytes += out.bytes();
        }
        return new Rendered(manifests, failures, bytes);
    }

    private UnitRenderer.Prepared prepare(CommitView view, ChartRelease release) {
        return new UnitRenderer.Prepared() {
            @Override
            public Optional<String> contentKey() {
                try {
                    return Optional.of(key(view, release));
                } catch (HelmRenderException e) {
                    return Optional.empty(); // the chart cannot be resolved: rendering says why
                }
            }

            @Override
            public Rendered render() throws UnitFailedException {
                try (WorkTree tree = WorkTree.create(settings.workDirectory(), settings.maxInputBytes())) {
                    if (release.source() instanceof ChartSource.RepositoryTree chart) {
                        Optional<CommitView.Entry> entry = view.entry(chart.path());
                        if (entry.isPresent() && entry.get().isTree()) {
                            tree.writeTree(view, chart.path(), entry.get().id());
                        }
                    }
                    List<Manifest> objects = new ArrayList<>();
                    long bytes = 0;
                    for (Manifest object : helm.render(release, tree.root())) {
                        objects.add(inRelease(object, release));
                        bytes += object.body().toString().length();
                    }
                    return new Rendered(objects, List.of(), bytes);
                } catch (IOException e) {
                    throw new UnitFailedException("cannot lay out the chart: " + e.getMessage());
                } catch (HelmRenderException e) {
                    String message = e.getMessage() == null ? "helm failed" : e.getMessage();
                    String prefix = release.describe() + ": ";
                    throw new UnitFailedException(message.startsWith(prefix) ? message.substring(prefix.length())
                            : message);
                }
            }
        };
    }

    /**
     * What the release's output depends on: the HelmRelease, its merged values, its source, the exact chart version
     * (the range resolved now) and, for a chart in this repository, the chart's tree.
     */
    private String key(CommitView view, ChartRelease release) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, KIND);
            update(digest, release.helmRelease().body().toString());
            update(digest, release.values().toString());
            update(digest, release.releaseName() + "\n" + release.namespace() + "\n" + release.chart() + "\n"
                    + release.versionRange() + "\n" + release.valuesFiles() + "\n" + release.includeCrds());
            update(digest, release.source().getClass().getSimpleName() + " " + release.source().location());
            if (release.source() instanceof ChartSource.RepositoryTree chart) {
                update(digest, view.entry(chart.path()).map(e -> e.id().name()).orElse("missing"));
            } else {
                update(digest, helm.resolveVersion(release));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(release.describe() + ": cannot key its output: " + e.getMessage());
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    /** {@code object} as a unit's output: its unit is the HelmRelease's, and it lands in the release's namespace. */
    private static Manifest inRelease(Manifest object, ChartRelease release) {
        JsonObject body = object.body();
        var key = object.key();
        if (key.namespace() == null || key.namespace().isEmpty()) {
            body = body.deepCopy();
            JsonObject metadata = body.getAsJsonObject("metadata");
            metadata.addProperty("namespace", release.namespace());
            key = key.inNamespace(release.namespace());
        }
        return new Manifest(key, object.apiVersion(), body, release.helmRelease().sourcePath(),
                object.documentIndex());
    }

    private static JsonObject spec(Manifest helmRelease) {
        return helmRelease.body().has("spec") && helmRelease.body().get("spec").isJsonObject()
                ? helmRelease.body().getAsJsonObject("spec") : new JsonObject();
    }

    private static String unitName(Manifest helmRelease) {
        return UnitOrder.name("HelmRelease", helmRelease.key().namespace(), helmRelease.key().name());
    }

    /** Flux's helm-controller waits for the release's objects to be ready unless install/upgrade disable it. */
    private static boolean waits(Manifest helmRelease) {
        JsonObject spec = spec(helmRelease);
        for (String action : List.of("install", "upgrade")) {
            if (spec.get(action) instanceof JsonObject settings && settings.get("disableWait") != null
                    && settings.get("disableWait").isJsonPrimitive() && settings.get("disableWait").getAsBoolean()) {
                return false;
            }
        }
        return true;
    }

    private static LoadFailure failureOf(Manifest helmRelease, String message) {
        return new LoadFailure(helmRelease.sourcePath(), helmRelease.documentIndex(), Optional.of(
                new LoadFailure.PartialObject(helmRelease.apiVersion(), helmRelease.key().kind(),
                        helmRelease.key().namespace() == null ? "" : helmRelease.key().namespace(),
                        helmRelease.key().name())), message);
    }

    static boolean isFluxHelm(Manifest manifest) {
        return manifest.apiVersion().startsWith("helm.toolkit.fluxcd.io/")
                && manifest.key().kind().equals("HelmRelease");
    }
}
