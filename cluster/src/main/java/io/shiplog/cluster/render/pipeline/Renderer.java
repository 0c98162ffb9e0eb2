package io.shiplog.cluster.render.pipeline;

import com.google.gson.JsonObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.LoadResult;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.manifest.UnitOrder;
import io.shiplog.cluster.render.CommitView;
import io.shiplog.cluster.render.ObjectDecryptor;
import io.shiplog.cluster.render.ObjectRenderer;
import io.shiplog.cluster.render.PlainRenderer;
import io.shiplog.cluster.render.RenderOptions;
import io.shiplog.cluster.render.RenderSettings;
import io.shiplog.cluster.render.Rendered;
import io.shiplog.cluster.render.Unit;
import io.shiplog.cluster.render.UnitFailedException;
import io.shiplog.cluster.render.UnitRenderer;
import io.shiplog.cluster.render.WorkTree;
import io.shiplog.cluster.render.helm.HelmRenderer;
import io.shiplog.cluster.render.kustomize.FluxKustomizationRenderer;
import io.shiplog.cluster.render.kustomize.KustomizeRenderer;
import io.shiplog.cluster.render.tool.RenderTools;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cluster's paths hold at a commit, rendered unit by unit ({@link UnitDiscovery}): plain files parsed, kustomize
 * directories built, objects that stand for units (Flux Kustomizations) rendered in their place, each unit alone (one failing is a {@link LoadFailure} naming it; the others' objects are still
 * returned), rendered output cached by the unit's content key, several units at once, and every object passed through
 * the {@link ObjectDecryptor} before it is returned. Meters: {@code shiplog.render.units{kind,result=cached|rendered|
 * failed}} and {@code shiplog.render.duration{kind}}.
 */
public final class Renderer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Renderer.class);
    /** Plain files read by one task: enough to make a fork of the commit's view worth it. */
    private static final int PLAIN_CHUNK = 64;

    private final Map<String, UnitRenderer> renderers = new LinkedHashMap<>();
    private final List<ObjectRenderer> objectRenderers;
    private final ObjectDecryptor decryptor;
    private final MeterRegistry meters;
    private final RenderCache cache;
    private final ThreadPoolExecutor pool;
    private final HelmStage helm;

    public Renderer(RenderSettings settings, RenderTools tools, ObjectDecryptor decryptor, MeterRegistry meters) {
        this(settings, tools, new KustomizeRenderer(settings, tools), decryptor, meters);
    }

    private Renderer(RenderSettings settings, RenderTools tools, KustomizeRenderer kustomize,
                     ObjectDecryptor decryptor, MeterRegistry meters) {
        this(settings, tools, List.of(new PlainRenderer(), kustomize),
                List.of(new FluxKustomizationRenderer(kustomize)), decryptor, meters);
    }

    /**
     * A renderer of the given kinds of unit (plain files and directories) and of objects that stand for units (found
     * among plain files' objects).
     */
    public Renderer(RenderSettings settings, RenderTools tools, List<UnitRenderer> kinds,
                    List<ObjectRenderer> objectKinds, ObjectDecryptor decryptor, MeterRegistry meters) {
        kinds.forEach(k -> renderers.put(k.kind(), k));
        this.objectRenderers = List.copyOf(objectKinds);
        this.decryptor = decryptor;
        this.meters = meters;
        this.cache = new RenderCache(settings.cacheBytes());
        AtomicInteger sequence = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(settings.concurrency(), settings.concurrency(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "render-" + sequence.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.helm = new HelmStage(new HelmRenderer(tools, HelmRenderer.Options.defaults(
                settings.workDirectory().resolve("charts")).withLimits(settings.timeout(), settings.memoryBytes(),
                settings.maxOutputBytes())),
                settings, pool);
        WorkTree.removeLeftovers(settings.workDirectory());
    }

    /**
     * Renders {@code paths} (directories or files, relative to the repository root) of {@code repository} at
     * {@code commit}; a {@link org.eclipse.jgit.errors.MissingObjectException} when the commit is not there.
     */
    public LoadResult load(Repository repository, ObjectId commit, List<String> paths, RenderOptions options)
            throws IOException {
        List<Unit> units;
        List<CompletableFuture<Rendered>> results = new ArrayList<>();
        try (CommitView view = CommitView.open(repository, commit)) {
            units = UnitDiscovery.discover(view, paths);
            Map<Unit, CompletableFuture<Rendered>> plain = plainFiles(view, units, options);
            UnitOrder.Builder order = new UnitOrder.Builder();
            for (Unit unit : units) {
                if (unit.kind().equals(PlainRenderer.KIND)) {
                    results.add(plain.get(unit).thenCompose(rendered -> expand(view, rendered, options, order)));
                } else {
                    results.add(CompletableFuture.supplyAsync(() -> {
                        try (CommitView own = view.fork()) {
                            return render(own, unit, options);
                        }
                    }, pool));
                }
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();
            List<Manifest> manifests = new ArrayList<>();
            List<LoadFailure> failures = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                Rendered rendered = results.get(i).join();
                failures.addAll(rendered.failures());
                rendered.manifests().forEach(m -> decrypt(m, options.objects(), manifests, failures));
            }
            // HelmReleases last: their values may come from (decrypted) ConfigMaps and Secrets of any unit
            Rendered all = helm.expand(view, new Rendered(manifests, failures, 0), options.repositoryUrl(),
                    (unit, source, own, prepared) -> run(HelmStage.KIND, unit, source, own, () -> prepared), order);
            return new LoadResult(commit.name(), all.manifests(), all.failures(), units.size(), order.build());
        }
    }

    /**
     * The plain files among {@code units}, read in chunks of {@link #PLAIN_CHUNK} on the pool (each chunk with its own
     * view of the commit); files whose content key is cached are not parsed again.
     */
    private Map<Unit, CompletableFuture<Rendered>> plainFiles(CommitView view, List<Unit> units,
                                                              RenderOptions options) {
        List<Unit> plain = units.stream().filter(u -> u.kind().equals(PlainRenderer.KIND)).toList();
        Map<Unit, CompletableFuture<Rendered>> results = new HashMap<>();
        for (int from = 0; from < plain.size(); from += PLAIN_CHUNK) {
            List<Unit> chunk = plain.subList(from, Math.min(plain.size(), from + PLAIN_CHUNK));
            CompletableFuture<List<Rendered>> rendered = CompletableFuture.supplyAsync(() -> {
                try (CommitView own = view.fork()) {
                    return chunk.stream().map(unit -> render(own, unit, options)).toList();
                }
            }, pool);
            for (int i = 0; i < chunk.size(); i++) {
                int index = i;
                results.put(chunk.get(i), rendered.thenApply(list -> list.get(index)));
            }
        }
        return results;
    }

    /**
     * A plain file's output with each object that stands for a unit (a Flux Kustomization) replaced by that unit's
     * output, rendered on the pool, and source definitions left out.
     */
    private CompletableFuture<Rendered> expand(CommitView view, Rendered plain, RenderOptions options,
                                               UnitOrder.Builder order) {
        List<Manifest> kept = new ArrayList<>();
        List<CompletableFuture<Rendered>> parts = new ArrayList<>();
        for (Manifest manifest : plain.manifests()) {
            Optional<ObjectRenderer> renderer = objectRenderers.stream().filter(r -> r.renders(manifest))
                    .findFirst();
            if (renderer.isPresent()) {
                parts.add(CompletableFuture.supplyAsync(() -> {
                    try (CommitView own = view.fork()) {
                        Rendered rendered = run(renderer.get().kind(), renderer.get().kind() + " " + manifest.key()
                                + " (" + manifest.source() + ")", manifest.sourcePath(), own,
                                () -> renderer.get().prepare(own, manifest, options));
                        renderer.get().dependencies(manifest).ifPresent(unit -> order.unit(unit.getKey(),
                                withFailure(unit.getValue(), rendered), rendered.manifests()));
                        return rendered;
                    }
                }, pool));
            } else if (objectRenderers.stream().noneMatch(r -> r.drops(manifest))) {
                kept.add(manifest);
            }
        }
        if (parts.isEmpty()) {
            return CompletableFuture.completedFuture(plain);
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Manifest> manifests = new ArrayList<>(kept);
            List<LoadFailure> failures = new ArrayList<>(plain.failures());
            long bytes = plain.bytes();
            for (CompletableFuture<Rendered> part : parts) {
                manifests.addAll(part.join().manifests());
                failures.addAll(part.join().failures());
                bytes += part.join().bytes();
            }
            return new Rendered(manifests, failures, bytes);
        });
    }

    /** A unit's dependencies, with its first render failure if it had one. */
    static UnitOrder.Dependencies withFailure(UnitOrder.Dependencies dependencies, Rendered rendered) {
        return rendered.failures().isEmpty() ? dependencies : new UnitOrder.Dependencies(dependencies.dependsOn(),
                dependencies.waitForHealth(), Optional.of(rendered.failures().get(0).message()));
    }

    /** One unit: from the cache when its content key is there, else rendered; a failure is its only result. */
    private Rendered render(CommitView view, Unit unit, RenderOptions options) {
        UnitRenderer renderer = renderers.get(unit.kind());
        return run(unit.kind(), unit.toString(), unit.name(), view, () -> renderer.prepare(view, unit, options));
    }

    /** What prepares a unit. */
    private interface Preparation {
        UnitRenderer.Prepared prepare() throws UnitFailedException;
    }

    private Rendered run(String kind, String unit, String source, CommitView view, Preparation preparation) {
        boolean counted = !kind.equals(PlainRenderer.KIND);
        long started = System.nanoTime();
        try {
            UnitRenderer.Prepared prepared = preparation.prepare();
            Optional<String> key = prepared.contentKey();
            Optional<Rendered> cached = key.flatMap(cache::get);
            if (cached.isPresent()) {
                count(kind, "cached", counted);
                return cached.get();
            }
            Rendered rendered = prepared.render();
            if (key.isPresent() && prepared.keepsOutput()) {
                cache.put(key.get(), rendered);
            }
            count(kind, "rendered", counted);
            if (counted) {
                Timer.builder("shiplog.render.duration").tag("kind", kind).register(meters)
                        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
            return rendered;
        } catch (UnitFailedException | RuntimeException e) {
            count(kind, "failed", counted);
            String message = unit + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage());
            if (e instanceof RuntimeException) {
                LOG.warn("{} at commit {} could not be rendered", unit, view.commit().name(), e);
            }
            return new Rendered(List.of(), List.of(new LoadFailure(source, 0, Optional.empty(), message)), 0);
        }
    }

    private void count(String kind, String result, boolean counted) {
        if (counted) {
            Counter.builder("shiplog.render.units").tag("kind", kind).tag("result", result).register(meters)
                    .increment();
        }
    }

    /** The object as the decryptor returns it (a copy: cached output is never changed), or a failure naming it. */
    private void decrypt(Manifest manifest, ObjectDecryptor own, List<Manifest> manifests,
                         List<LoadFailure> failures) {
        if (!ObjectDecryptor.mayHoldEncrypted(manifest.body())) {
            manifests.add(manifest);
            return;
        }
        try {
            JsonObject body = own.decrypt(decryptor.decrypt(manifest.body().deepCopy(), manifest.source()),
                    manifest.source());
            manifests.add(manifest.withBody(body, manifest.key()));
        } catch (RuntimeException e) {
            ObjectKey key = manifest.key();
            failures.add(new LoadFailure(manifest.sourcePath(), manifest.documentIndex(), Optional.of(
                    new LoadFailure.PartialObject(manifest.apiVersion(), key.kind(),
                            key.namespace() == null ? "" : key.namespace(), key.name())),
                    manifest.source() + " (" + key + ") could not be decrypted: " + e.getMessage()));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        renderers.values().stream().filter(AutoCloseable.class::isInstance).forEach(r -> {
            try {
                ((AutoCloseable) r).close();
            } catch (Exception e) {
                LOG.warn("closing the {} renderer failed: {}", r.kind(), e.toString());
            }
        });
    }
}
