package io.shiplog.auditor;

import io.kubernetes.client.openapi.ApiClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.auditor.config.DriftClusterProperties;
import io.shiplog.auditor.config.DriftProperties;
import io.shiplog.auditor.config.DriftReplicaProperties;
import io.shiplog.auditor.drift.ClusterDrift;
import io.shiplog.auditor.drift.ClusterDriftWorker;
import io.shiplog.auditor.drift.DesiredStateLoader;
import io.shiplog.auditor.drift.DriftReporter;
import io.shiplog.auditor.drift.DriftService;
import io.shiplog.auditor.drift.DriftTracker;
import io.shiplog.auditor.drift.DriftWatcher;
import io.shiplog.auditor.drift.events.AppliesFollower;
import io.shiplog.auditor.drift.events.DriftHistory;
import io.shiplog.auditor.drift.events.KafkaDriftReporter;
import io.shiplog.cluster.git.GitHandler;
import io.shiplog.cluster.kube.KubeClients;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.render.ObjectDecryptor;
import io.shiplog.cluster.render.RenderSettings;
import io.shiplog.cluster.render.pipeline.Renderer;
import io.shiplog.cluster.render.tool.RenderTools;
import io.shiplog.fleet.FleetChange;
import io.shiplog.fleet.FleetSource;
import io.shiplog.fleet.spring.FleetFollower;
import io.shiplog.fleet.spring.FleetRebinder;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.kafka.KafkaEdge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires drift detection: the config repository mirrors, and per cluster its API clients, desired-state loader,
 * tracker (restored from {@code shiplog.drift}), watches and worker.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DriftProperties.class, DriftReplicaProperties.class})
public class DriftConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DriftConfiguration.class);

    /** Read timeout of the watch connections: longer than the server-side watch timeout. */
    private static final Duration WATCH_READ_TIMEOUT = Duration.ofMinutes(10);

    @Bean(name = "driftGitHandler", destroyMethod = "close")
    GitHandler driftGitHandler(DriftProperties properties, MeterRegistry meters) {
        DriftProperties checked = properties.validated();
        Path root = checked.mirrorDir();
        try {
            if (root == null) {
                root = Files.createTempDirectory("shiplog-drift-mirrors");
            }
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("shiplog.drift.mirror-dir " + root + " cannot be created", e);
        }
        RenderSettings render = RenderSettings.defaults(root.resolve(".render")).withLimits(
                checked.tuning().renderTimeout(), checked.tuning().renderMemory().toBytes());
        return new GitHandler(root, checked.repositories(), meters,
                new Renderer(render, RenderTools.fromEnvironment(), ObjectDecryptor.NONE, meters));
    }

    @Bean
    DriftService driftService(DriftProperties properties, DriftReplicaProperties replicas, GitHandler driftGitHandler,
                              EventSink sink, MetaFactory meta, KafkaEdge edge, MeterRegistry meters) {
        DriftProperties checked = properties.validated();
        if (checked.clusters().isEmpty()) {
            LOG.warn("drift-auditor audits no cluster: declare clusters in the fleet file (SHIPLOG_CONFIG or --config; "
                    + "see examples/shiplog.yaml); the audit store and its queries still run");
        }
        DriftProperties.Tuning tuning = checked.tuning();
        // the open drifts of the clusters about to be audited here, read in one pass when the group hands them over
        Map<String, Map<ObjectKey, DriftTracker.Open>> history = new ConcurrentHashMap<>();
        DriftReporter reporter = new KafkaDriftReporter(sink, meta);
        Map<String, DriftTracker> trackers = new ConcurrentHashMap<>();
        Function<DriftService.Target, DriftService.Running> factory = target -> {
            DriftClusterProperties cluster = target.cluster();
            Map<ObjectKey, DriftTracker.Open> preloaded = history.remove(cluster.name());
            Map<ObjectKey, DriftTracker.Open> open = preloaded != null ? preloaded
                    : openDrifts(edge, Set.of(cluster.name())).getOrDefault(cluster.name(), Map.of());
            ApiClient client = KubeClients.build(cluster.name(), cluster.connection(), tuning.requestTimeout(),
                    tuning.concurrency());
            KubernetesHandler kube = new KubernetesHandler(cluster.name(), client, meters);
            // threads only while the cluster is audited: an instance with hundreds of idle clusters keeps few
            ThreadPoolExecutor pool = new ThreadPoolExecutor(tuning.concurrency(), tuning.concurrency(), 30,
                    TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads(cluster.name()));
            pool.allowCoreThreadTimeOut(true);
            DesiredStateLoader loader = new DesiredStateLoader(cluster, target.repositoryUrl(), driftGitHandler, kube);
            DriftTracker tracker = new DriftTracker(cluster.name(), open);
            trackers.put(cluster.name(), tracker);
            Gauge.builder("shiplog.drift.open", trackers, t -> t.containsKey(cluster.name())
                            ? t.get(cluster.name()).openCount() : 0)
                    .description("Objects whose drift is detected and not resolved").tag("cluster", cluster.name())
                    .register(meters);
            ClusterDrift drift = new ClusterDrift(cluster, kube, loader, tracker, reporter, pool,
                    tuning.correctionCooldown(), Clock.systemUTC());
            ClusterDriftWorker[] worker = new ClusterDriftWorker[1];
            DriftWatcher watcher = new DriftWatcher(cluster.name(), cluster.placement().inventoryId(),
                    KubeClients.build(cluster.name(), cluster.connection(), WATCH_READ_TIMEOUT, 4), cluster.namespaces(),
                    key -> worker[0].changed(key), () -> worker[0].lostTrack(), () -> worker[0].auditNow());
            worker[0] = new ClusterDriftWorker(drift, watcher, cluster.auditInterval(), tuning.debounce());
            return new DriftService.Running(worker[0], pool);
        };
        return new DriftService(targets(checked), factory,
                service -> new AppliesFollower(edge, replicas.group(), service::auditAfterApply,
                        service::ownershipChanged),
                clusters -> {
                    Map<String, Map<ObjectKey, DriftTracker.Open>> read = openDrifts(edge, clusters);
                    clusters.forEach(c -> history.put(c, read.getOrDefault(c, Map.of())));
                });
    }

    /**
     * Follows the fleet file: a cluster added, removed, changed or with drift turned on or off is audited or left
     * without a restart. A change the auditor's own checks refuse keeps the running clusters.
     */
    @Bean(destroyMethod = "close")
    AutoCloseable driftFleetReload(ObjectProvider<FleetSource> fleetSource, ObjectProvider<FleetRebinder> rebinders,
                                   GitHandler driftGitHandler, DriftService drift) {
        return FleetFollower.follow(fleetSource, rebinders, DriftAuditorApplication.SERVICE, "shiplog.drift",
                DriftProperties.class, FleetChange::clustersOrRepositoriesChanged, DriftProperties::validated,
                next -> {
                    driftGitHandler.configure(next.repositories());
                    drift.reconfigure(targets(next));
                });
    }

    private static List<DriftService.Target> targets(DriftProperties properties) {
        return properties.clusters().stream().map(c -> new DriftService.Target(c,
                properties.repositoryOf(c).url())).toList();
    }

    /** The drifts still open on {@code clusters}, read from {@code shiplog.drift}. */
    private static Map<String, Map<ObjectKey, DriftTracker.Open>> openDrifts(KafkaEdge edge, Set<String> clusters) {
        if (clusters.isEmpty()) {
            return new java.util.HashMap<>();
        }
        return new java.util.HashMap<>(DriftHistory.read(edge.reader("drift-auditor-history", Duration.ofSeconds(60),
                Duration.ofMinutes(10)), edge.decoder(), clusters));
    }

    private static java.util.concurrent.ThreadFactory threads(String cluster) {
        AtomicInteger sequence = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "drift-" + cluster + "-request-" + sequence.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
