package io.shiplog.applier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.shiplog.applier.cluster.ClusterWorker;
import io.shiplog.applier.cluster.ClusterWorkers;
import io.shiplog.applier.config.ApplierProperties;
import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.applier.config.ReplicaProperties;
import io.shiplog.applier.config.TuningProperties;
import io.shiplog.applier.events.KafkaApplyReporter;
import io.shiplog.applier.reconcile.ApplyReporter;
import io.shiplog.applier.reconcile.Reconciler;
import io.shiplog.applier.replay.AppliesHistory;
import io.shiplog.applier.replay.ReplayPlanner;
import io.shiplog.cluster.git.GitHandler;
import io.shiplog.cluster.render.ObjectDecryptor;
import io.shiplog.cluster.render.pipeline.Renderer;
import io.shiplog.cluster.render.tool.RenderTools;
import io.shiplog.fleet.FleetChange;
import io.shiplog.fleet.FleetSource;
import io.shiplog.fleet.spring.FleetFollower;
import io.shiplog.fleet.spring.FleetRebinder;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.kafka.Backoff;
import io.shiplog.schemas.kafka.KafkaEdge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** Wires the applier: the git mirrors, and per cluster its API client, reconciler, request pool and worker. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ApplierProperties.class, ReplicaProperties.class})
public class ApplierConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApplierConfiguration.class);

    @Bean(destroyMethod = "close")
    GitHandler gitHandler(ApplierProperties properties, MeterRegistry meters) {
        ApplierProperties checked = properties.validated();
        Path root = checked.mirrorDir();
        try {
            if (root == null) {
                root = Files.createTempDirectory("shiplog-applier-mirrors");
            }
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("shiplog.applier.mirror-dir " + root + " cannot be created", e);
        }
        return new GitHandler(root, checked.repositories(), meters, new Renderer(checked.tuning().renderSettings(
                root.resolve(".render")), RenderTools.fromEnvironment(), ObjectDecryptor.NONE, meters));
    }

    @Bean
    ApplyReporter applyReporter(EventSink sink, MetaFactory meta, ApplierProperties properties,
                                ObjectProvider<KafkaTemplate<?, ?>> template) {
        int limit = properties.validated().tuning().maxReportBytes();
        KafkaTemplate<?, ?> kafka = template.getIfAvailable();
        Object producerLimit = kafka == null ? null
                : kafka.getProducerFactory().getConfigurationProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (producerLimit != null) {
            limit = Math.min(limit, Integer.parseInt(producerLimit.toString().trim()));
        }
        return new KafkaApplyReporter(sink, meta, limit);
    }

    @Bean
    ClusterWorkers clusterWorkers(ApplierProperties properties, ReplicaProperties replicas, GitHandler git,
                                  ApplyReporter reporter, KafkaEdge edge, MeterRegistry meters) {
        ApplierProperties checked = properties.validated();
        TuningProperties tuning = checked.tuning();
        ReplayPlanner replays = new ReplayPlanner(AppliesHistory.from(edge));
        Function<ClusterWorkers.Target, ClusterWorkers.Running> factory = target -> {
            ClusterProperties cluster = target.cluster();
            ExecutorService pool = Reconciler.requestPool(cluster, tuning);
            Reconciler reconciler = Reconciler.forCluster(cluster, target.repositoryUrl(), git, pool, tuning, meters);
            ClusterWorker worker = new ClusterWorker(cluster, target.repositoryUrl(), reconciler, replays, reporter,
                    tuning, meters, Clock.systemUTC());
            return new ClusterWorkers.Running(worker, pool);
        };
        List<ClusterWorkers.Target> targets = targets(checked);
        if (targets.isEmpty()) {
            LOG.warn("cluster-applier has no cluster to apply: declare clusters in the fleet file (SHIPLOG_CONFIG or "
                    + "--config; see examples/shiplog.yaml)");
        }
        ClusterWorkers workers = new ClusterWorkers(targets, factory, new ClusterWorkers.Kafka(edge, replicas.group(),
                ClusterApplierApplication.SERVICE + "/" + replicas.group(),
                (cluster, topic) -> meters.counter("shiplog.applier.bad.records", "cluster", cluster, "topic", topic)
                        .increment(), tuning.pollTimeout(),
                new Backoff(tuning.retryInitialBackoff(), tuning.retryMaxBackoff()), replicas.handoverTimeout()));
        Gauge.builder("shiplog.applier.clusters", workers, ClusterWorkers::appliedCount)
                .description("Clusters this replica applies (its share of the fleet file's)").register(meters);
        return workers;
    }

    /**
     * {@code shiplog.kafka.consumers}: the Kafka consumers open in this process (the replica's two, and a short-lived
     * one while a replay or a commit tail is read), counted from the consumers' JMX registrations.
     */
    @Bean
    MeterBinder kafkaConsumerCount() {
        return registry -> Gauge.builder("shiplog.kafka.consumers", ApplierConfiguration::openConsumers)
                .description("Kafka consumers open in this process").register(registry);
    }

    private static int openConsumers() {
        try {
            return ManagementFactory.getPlatformMBeanServer().queryNames(
                    new ObjectName("kafka.consumer:type=consumer-metrics,client-id=*"), null).size();
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Follows the fleet file: an added, removed or changed cluster or repository takes effect without a restart.
     * The new file was checked before it reaches here; should the applier's own checks still refuse it, the running
     * clusters stay as they are.
     */
    @Bean(destroyMethod = "close")
    AutoCloseable applierFleetReload(ObjectProvider<FleetSource> fleetSource, ObjectProvider<FleetRebinder> rebinders,
                                     GitHandler git, ClusterWorkers workers) {
        return FleetFollower.follow(fleetSource, rebinders, ClusterApplierApplication.SERVICE, "shiplog.applier",
                ApplierProperties.class, FleetChange::clustersOrRepositoriesChanged, ApplierProperties::validated,
                next -> {
                    git.configure(next.repositories());
                    workers.reconfigure(targets(next));
                });
    }

    private static List<ClusterWorkers.Target> targets(ApplierProperties properties) {
        return properties.clusters().stream().map(c -> new ClusterWorkers.Target(c,
                properties.repositoryOf(c).url())).toList();
    }
}
