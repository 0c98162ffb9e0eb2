package io.shiplog.gitwriter;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.fleet.FleetSource;
import io.shiplog.fleet.spring.FleetFollower;
import io.shiplog.fleet.spring.FleetRebinder;
import io.shiplog.gitwriter.config.GitWriterProperties;
import io.shiplog.gitwriter.config.RepositoryProperties;
import io.shiplog.gitwriter.events.InboundConsumer;
import io.shiplog.gitwriter.events.KafkaCommitEvents;
import io.shiplog.gitwriter.events.KafkaPublishedCommits;
import io.shiplog.gitwriter.git.GitHandler;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.ScanLimits;
import io.shiplog.gitwriter.registry.DigestCheck;
import io.shiplog.gitwriter.release.CommitEvents;
import io.shiplog.gitwriter.release.RepositoryWorker;
import io.shiplog.gitwriter.release.RepositoryWorkers;
import io.shiplog.gitwriter.release.TagStore;
import io.shiplog.gitwriter.release.WatchListState;
import io.shiplog.schemas.event.DeadLetterPublisher;
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
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires git-writer: per repository a mirror and a commit loop, and one inbound consumer feeding them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GitWriterProperties.class)
public class GitWriterConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GitWriterConfiguration.class);
    /** Deadline of confirming a released digest at its registry. */
    private static final Duration DIGEST_CHECK_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    TagStore tagStore() {
        return new TagStore();
    }

    @Bean
    CommitEvents commitEvents(EventSink sink, MetaFactory meta) {
        return new KafkaCommitEvents(sink, meta);
    }

    /** Reads {@code shiplog.commits} back (no group: nothing is committed). */
    @Bean(destroyMethod = "close")
    KafkaPublishedCommits publishedCommits(KafkaEdge edge) {
        return new KafkaPublishedCommits(edge.sharedReader("git-writer-readback-" + UUID.randomUUID(),
                Duration.ofSeconds(60), Duration.ofSeconds(30)), edge.decoder());
    }

    /** Builds the commit loop of one repository, with its mirror, on the shared tag store and watch list. */
    @Bean
    Function<RepositoryProperties, RepositoryWorker> repositoryWorkerFactory(GitWriterProperties properties,
                                                                             TagStore tags, CommitEvents events,
                                                                             KafkaPublishedCommits published,
                                                                             MeterRegistry meters) {
        GitWriterProperties checked = properties.validated();
        Path root = mirrorRoot(checked);
        String writerId = writerId(root);
        ManifestScanner scanner = new ManifestScanner(new ScanLimits(checked.tuning().maxFileBytes(),
                ScanLimits.defaults().maxAliasesForCollections(), ScanLimits.defaults().maxNestingDepth()));
        WatchListState watchList = new WatchListState(root.resolve("watchlist.state"));
        return repo -> {
            RepositoryWorker worker = new RepositoryWorker(repo, new GitHandler(repo, root, meters), tags, events,
                    published, writerId, scanner, watchList, checked.tuning(), meters, Clock.systemUTC());
            worker.ownership(false);
            return worker;
        };
    }

    @Bean
    RepositoryWorkers repositoryWorkers(GitWriterProperties properties,
                                        Function<RepositoryProperties, RepositoryWorker> factory) {
        GitWriterProperties checked = properties.validated();
        if (checked.repositories().isEmpty()) {
            LOG.warn("git-writer has no config repository to write to: declare repositories in the fleet file "
                    + "(SHIPLOG_CONFIG or --config; see examples/shiplog.yaml)");
        }
        return new RepositoryWorkers(checked.repositories().stream().map(factory).toList());
    }

    @Bean(destroyMethod = "close")
    DigestCheck digestCheck(GitWriterProperties properties) {
        return new DigestCheck(properties.validated().registries(), DIGEST_CHECK_TIMEOUT);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    GitWriters gitWriters(RepositoryWorkers workers, GitWriterProperties properties, KafkaEdge edge,
                          DeadLetterPublisher deadLetters, TagStore tags, DigestCheck digests, MeterRegistry meters,
                          Environment environment) {
        String group = environment.getProperty("spring.kafka.consumer.group-id", "git-writer");
        InboundConsumer inbound = new InboundConsumer(edge, group, deadLetters, tags, workers, digests, meters,
                properties.tuning().pollTimeout());
        inbound.clusters(properties.validated().clusters());
        return new GitWriters(workers, inbound);
    }

    /**
     * Follows the fleet file: a repository added, removed or changed is mirrored and written to, or left, without a
     * restart, and a registry's credentials take effect for the next digest check. A change git-writer's own checks
     * refuse keeps the running repositories.
     */
    @Bean(destroyMethod = "close")
    AutoCloseable gitWriterFleetReload(ObjectProvider<FleetSource> fleetSource,
                                       ObjectProvider<FleetRebinder> rebinders, GitWriters writers,
                                       Function<RepositoryProperties, RepositoryWorker> factory,
                                       DigestCheck digests) {
        return FleetFollower.follow(fleetSource, rebinders, GitWriterApplication.SERVICE, "shiplog.git-writer",
                GitWriterProperties.class, change -> !change.repositoriesAdded().isEmpty()
                        || !change.repositoriesRemoved().isEmpty() || !change.repositoriesChanged().isEmpty()
                        || change.registriesChanged() || change.clustersOrRepositoriesChanged(),
                GitWriterProperties::validated, next -> {
                    writers.reconfigure(next.repositories(), factory);
                    writers.inbound().clusters(next.clusters());
                    digests.configure(next.registries());
                });
    }

    /**
     * This instance's id, kept in {@code mirror-dir/writer.id}: the same across restarts with the same mirrors, so a
     * restart recognises its own commits (crash repair without waiting).
     */
    private static String writerId(Path root) {
        Path file = root.resolve("writer.id");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, UUID.randomUUID() + "\n");
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("shiplog.git-writer.mirror-dir " + root + ": cannot keep writer.id", e);
        }
    }

    private static Path mirrorRoot(GitWriterProperties properties) {
        Path root = properties.mirrorDir();
        try {
            if (root == null) {
                root = Files.createTempDirectory("shiplog-git-writer-mirrors");
            }
            return Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("shiplog.git-writer.mirror-dir " + root + " cannot be created", e);
        }
    }

    /** The running parts: commit loops first, then the consumer that feeds them; stopped in reverse. */
    public record GitWriters(RepositoryWorkers workers, InboundConsumer inbound) {

        public void start() {
            workers.current().forEach(RepositoryWorker::start);
            inbound.start();
        }

        /**
         * Makes {@code repositories} the ones written to: loops of removed or changed repositories stop, loops of
         * new and changed ones start (a mirror kept from before is fetched, not cloned again).
         */
        public synchronized void reconfigure(List<RepositoryProperties> repositories,
                                             Function<RepositoryProperties, RepositoryWorker> factory) {
            for (RepositoryWorker running : workers.current()) {
                boolean kept = repositories.stream().anyMatch(r -> r.equals(running.properties()));
                if (!kept) {
                    workers.unregister(running);
                    running.close();
                    LOG.info("repository {} {}", running.name(), repositories.stream().anyMatch(r -> r.name()
                            .equals(running.name())) ? "changed in the fleet file: its loop restarts"
                            : "removed from the fleet file: no longer written to");
                }
            }
            for (RepositoryProperties repository : repositories) {
                if (workers.named(repository.name()).isEmpty()) {
                    RepositoryWorker added = factory.apply(repository);
                    workers.register(added);
                    added.start();
                    inbound.added(added);
                    LOG.info("repository {} ({}#{}) written to from now on", repository.name(),
                            repository.remote().redactedUrl(), repository.branch());
                }
            }
        }

        public void close() {
            inbound.close();
            workers.current().forEach(RepositoryWorker::close);
        }
    }
}
