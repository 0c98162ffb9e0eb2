package io.shiplog.scanner.scan;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.scanner.registry.ManifestInfo;
import io.shiplog.scanner.registry.RegistryException;
import io.shiplog.scanner.registry.RegistryReader;
import io.shiplog.schemas.image.ImageRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scan of one repository, as steps: list the tags → plan from what its policies need ({@link ScanPlan}: HEAD
 * only tracked tags, pinning policies' choices and, for a repository no policy describes, new tags) → HEAD →
 * inspect digests new to Shiplog that a {@code newest} policy (or no policy) needs (once per digest) → publish the
 * changes, tags nothing needed resolved without a digest. A tag that cannot be read is reported and skipped; the
 * rest of the repository goes on.
 */
public final class RepositoryScanner {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryScanner.class);

    private final RegistryReader reader;
    private final KnownImages known;
    private final ChangePublisher publisher;
    private final ExecutorService pool;
    private final MeterRegistry meters;

    public RepositoryScanner(RegistryReader reader, KnownImages known, ChangePublisher publisher,
                             ExecutorService pool, MeterRegistry meters) {
        this.reader = reader;
        this.known = known;
        this.publisher = publisher;
        this.pool = pool;
        this.meters = meters;
    }

    /**
     * What one scan saw: counts, the changes it published, and the tags the registry both listed and resolved
     * (a tag can be listed a moment before it resolves: distribution creates the tag's directory first).
     */
    public record Result(int tags, int heads, List<TagChange> changes, int rejectedTags, int failedTags,
                         Set<String> resolved) {
    }

    private record Probe(String tag, Optional<RegistryReader.Head> head, String error) {
    }

    public Result scan(WatchedRepository repository, Source source, Instant pushedAt)
            throws RegistryException, InterruptedException {
        ImageRepository image = repository.name();
        String name = image.toString();
        RegistryReader.TagList list = reader.listTags(image);
        if (!list.rejected().isEmpty()) {
            counter("shiplog.scanner.tags.rejected", image).increment(list.rejected().size());
            LOG.warn("repository {} lists {} tag(s) that break the tag grammar and are ignored, e.g. {}", name,
                    list.rejected().size(), printable(list.rejected().get(0)));
        }
        Map<String, String> before = known.tagsOf(name);
        ScanPlan plan = ScanPlan.of(before, list.tags(), repository.trackedTags(), repository.needs(),
                problem -> LOG.warn("repository {}: {}; the scan reads nothing more for it", name, problem));
        List<CompletableFuture<Probe>> heads = new ArrayList<>();
        for (String tag : plan.toHead()) {
            heads.add(CompletableFuture.supplyAsync(() -> probe(image, tag), pool));
        }
        Map<String, CompletableFuture<ManifestInfo>> inspections = new ConcurrentHashMap<>();
        Map<String, Probe> probes = new LinkedHashMap<>();
        for (CompletableFuture<Probe> future : heads) {
            Probe probe = join(future);
            probes.put(probe.tag(), probe);
            probe.head().ifPresent(head -> {
                if (plan.toInspect().contains(probe.tag()) && !head.digest().equals(before.get(probe.tag()))
                        && known.manifest(head.digest()).isEmpty()) {
                    inspections.computeIfAbsent(head.digest(), d -> CompletableFuture.supplyAsync(
                            () -> inspect(image, d), pool));
                }
            });
        }
        List<TagChange> changes = new ArrayList<>();
        int failed = 0;
        for (Probe probe : probes.values()) {
            if (probe.error() != null) {
                failed++;
                LOG.warn("repository {}: tag {} skipped: {}", name, probe.tag(), probe.error());
                continue;
            }
            boolean wasKnown = before.containsKey(probe.tag());
            String previous = before.get(probe.tag());
            if (probe.head().isEmpty()) {
                if (wasKnown) {
                    changes.add(new TagChange.Removed(image, probe.tag(), previous, source));
                }
                continue;
            }
            RegistryReader.Head head = probe.head().get();
            String digest = head.digest();
            if (digest.equals(previous)) {
                continue;
            }
            ManifestInfo info = known.manifest(digest).orElse(null);
            CompletableFuture<ManifestInfo> inspection = inspections.get(digest);
            if (info == null && inspection != null) {
                try {
                    info = inspection.join();
                } catch (CompletionException e) {
                    failed++;
                    LOG.warn("repository {}: tag {} skipped: {}", name, probe.tag(), e.getCause().getMessage());
                    continue;
                }
            }
            info = info != null ? info : ManifestInfo.headOnly(digest, head.mediaType());
            changes.add(wasKnown ? new TagChange.Moved(image, probe.tag(), previous, info, pushedAt, source)
                    : new TagChange.Discovered(image, probe.tag(), info, pushedAt, source));
        }
        // after the resolved tags: git-writer then knows a pinning policy's choice with its digest before the rest
        for (String tag : plan.listedOnly()) {
            changes.add(new TagChange.Discovered(image, tag, null, pushedAt, source));
        }
        for (String tag : plan.removed()) {
            changes.add(new TagChange.Removed(image, tag, before.get(tag), source));
        }
        if (failed > 0) {
            counter("shiplog.scanner.tags.failed", image).increment(failed);
        }
        publisher.publish(changes);
        Set<String> resolved = new HashSet<>(list.tags());
        probes.values().stream().filter(p -> p.error() != null || p.head().isEmpty()).map(Probe::tag)
                .forEach(resolved::remove);
        return new Result(list.tags().size(), plan.toHead().size(), changes, list.rejected().size(), failed,
                resolved);
    }

    private Probe probe(ImageRepository image, String tag) {
        try {
            return new Probe(tag, reader.head(image, tag), null);
        } catch (RegistryException e) {
            return new Probe(tag, Optional.empty(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(tag, Optional.empty(), "interrupted");
        }
    }

    private ManifestInfo inspect(ImageRepository image, String digest) {
        try {
            ManifestInfo info = reader.inspect(image, digest);
            known.rememberManifest(info);
            return info;
        } catch (RegistryException e) {
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private static Probe join(CompletableFuture<Probe> future) throws InterruptedException {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a HEAD task failed: " + e.getCause(), e.getCause());
        }
    }

    private Counter counter(String name, ImageRepository image) {
        return Counter.builder(name).tag("registry", image.registry()).register(meters);
    }

    /** A tag as it can be shown in one log line: control characters escaped, cut to 80 characters. */
    static String printable(String tag) {
        StringBuilder out = new StringBuilder("'");
        for (char c : tag.toCharArray()) {
            if (out.length() > 80) {
                out.append("…");
                break;
            }
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append("'").toString();
    }
}
