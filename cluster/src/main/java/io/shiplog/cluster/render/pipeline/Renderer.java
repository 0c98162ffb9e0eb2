package io.shiplog.cluster.render.pipeline;

import com.google.gson.JsonObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.LoadResult;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.render.CommitView;
import io.shiplog.cluster.render.ObjectDecryptor;
import io.shiplog.cluster.render.PlainRenderer;
import io.shiplog.cluster.render.RenderOptions;
import io.shiplog.cluster.render.RenderSettings;
import io.shiplog.cluster.render.Rendered;
import io.shiplog.cluster.render.Unit;
import io.shiplog.cluster.render.UnitFailedException;
import io.shiplog.cluster.render.UnitRenderer;
import io.shiplog.cluster.render.kustomize.KustomizeRenderer;
import io.shiplog.cluster.render.tool.RenderTools;
import java.io.IOException;
import java.util.ArrayList;
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
 * directories built, each unit alone (one failing is a {@link LoadFailure} naming it; the others' objects are still
 * returned), rendered output cached by the unit's content key, several units at once, and every object passed through
 * the {@link ObjectDecryptor} before it is returned. Meters: {@code shiplog.render.units{kind,result=cached|rendered|
 * failed}} and {@code shiplog.render.duration{kind}}.
 */
public final class Renderer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Renderer.class);

    private final Map<String, UnitRenderer> renderers = new LinkedHashMap<>();
    private final ObjectDecryptor decryptor;
    private final MeterRegistry meters;
    private final RenderCache cache;
    private final ThreadPoolExecutor pool;

    public Renderer(RenderSettings settings, RenderTools tools, ObjectDecryptor decryptor, MeterRegistry meters) {
        this(settings, List.of(new PlainRenderer(), new KustomizeRenderer(settings, tools)), decryptor, meters);
    }

    /** A renderer of the given kinds of unit (the first one for plain files). */
    public Renderer(RenderSettings settings, List<UnitRenderer> kinds, ObjectDecryptor decryptor,
                    MeterRegistry meters) {
        kinds.forEach(k -> renderers.put(k.kind(), k));
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
            for (Unit unit : units) {
                if (unit.kind().equals(PlainRenderer.KIND)) {
                    results.add(CompletableFuture.completedFuture(render(view, unit, options)));
                } else {
                    results.add(CompletableFuture.supplyAsync(() -> {
                        try (CommitView own = view.fork()) {
                            return render(own, unit, options);
                        }
                    }, pool));
                }
            }
        }
        List<Manifest> manifests = new ArrayList<>();
        List<LoadFailure> failures = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            Rendered rendered = results.get(i).join();
            failures.addAll(rendered.failures());
            rendered.manifests().forEach(m -> decrypt(m, manifests, failures));
        }
        return new LoadResult(commit.name(), manifests, failures, units.size());
    }

    /** One unit: from the cache when its content key is there, else rendered; a failure is its only result. */
    private Rendered render(CommitView view, Unit unit, RenderOptions options) {
        UnitRenderer renderer = renderers.get(unit.kind());
        boolean counted = !unit.kind().equals(PlainRenderer.KIND);
        long started = System.nanoTime();
        try {
            UnitRenderer.Prepared prepared = renderer.prepare(view, unit, options);
            Optional<String> key = prepared.contentKey();
            Optional<Rendered> cached = key.flatMap(cache::get);
            if (cached.isPresent()) {
                count(unit, "cached", counted);
                return cached.get();
            }
            Rendered rendered = prepared.render();
            key.ifPresent(k -> cache.put(k, rendered));
            count(unit, "rendered", counted);
            if (counted) {
                Timer.builder("shiplog.render.duration").tag("kind", unit.kind()).register(meters)
                        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
            return rendered;
        } catch (UnitFailedException | RuntimeException e) {
            count(unit, "failed", counted);
            String message = unit + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage());
            if (e instanceof RuntimeException) {
                LOG.warn("{} at commit {} could not be rendered", unit, view.commit().name(), e);
            }
            return new Rendered(List.of(), List.of(new LoadFailure(unit.name(), 0, Optional.empty(), message)), 0);
        }
    }

    private void count(Unit unit, String result, boolean counted) {
        if (counted) {
            Counter.builder("shiplog.render.units").tag("kind", unit.kind()).tag("result", result).register(meters)
                    .increment();
        }
    }

    /** The object as the decryptor returns it (a copy: cached output is never changed), or a failure naming it. */
    private void decrypt(Manifest manifest, List<Manifest> manifests, List<LoadFailure> failures) {
        try {
            JsonObject body = decryptor.decrypt(manifest.body().deepCopy(), manifest.source());
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
    }
}
