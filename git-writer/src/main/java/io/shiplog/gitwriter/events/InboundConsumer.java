package io.shiplog.gitwriter.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.gitwriter.config.ClusterProperties;
import io.shiplog.gitwriter.registry.DigestCheck;
import io.shiplog.gitwriter.release.RepositoryWorker;
import io.shiplog.gitwriter.release.RepositoryWorkers;
import io.shiplog.gitwriter.release.TagStore;
import io.shiplog.gitwriter.release.Work;
import io.shiplog.policy.TagCandidate;
import io.shiplog.schemas.event.DeadLetterPublisher;
import io.shiplog.schemas.kafka.DeadLetters;
import io.shiplog.schemas.kafka.Delivery;
import io.shiplog.schemas.kafka.Follower;
import io.shiplog.schemas.kafka.FollowerContext;
import io.shiplog.schemas.kafka.FollowerSpec;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.kafka.KafkaFollower;
import io.shiplog.schemas.kafka.LogReader;
import io.shiplog.schemas.kafka.OffsetPolicy;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code shiplog.images} and {@code shiplog.commands} as a member of the consumer group: each partition is
 * read by one instance of the group. A partition newly assigned to this process is read from the start (or from
 * where this process left it, if it held it before): records before the group's committed offset only rebuild the
 * {@link TagStore} (every tag of an image is on its image's partition); later ones also become work for every
 * repository's commit loop. The loops are released once the first assignment has been read up to its end as it was,
 * so whatever piled up while the service was down goes into one commit. Offsets are committed only up to the first
 * record whose work is not finished (and at a revocation). The assignment also decides which instance owns each
 * config repository ({@link #ownerPartition}): its per-repository duties (observing commits, crash repair, the watch
 * list) run in exactly one instance. A record that cannot be decoded or used, or whose work failed, goes to the DLQ
 * and the rest continue.
 *
 * <p>A {@link KafkaFollower} with a rebuilding group policy, not a Spring Kafka listener container: the work of a
 * record finishes later on a commit loop (offsets follow the work's completion, not the listener's return), records
 * before the committed offset are read again to rebuild the tag store without acting on them, and the loops wait for
 * a catch-up barrier on the first assignment's end offsets.
 */
public final class InboundConsumer implements Follower<Inbound>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboundConsumer.class);

    private final TagStore tags;
    private final RepositoryWorkers workers;
    private final DigestCheck digests;
    private final KafkaFollower<Inbound> follower;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private int imagePartitions;
    private volatile List<ClusterProperties> clusters = List.of();

    /**
     * @param group       the consumer group the instances share
     * @param deadLetters publishes what cannot be used to {@code shiplog.dlq}
     * @param digests     confirms the digest of a {@code ReleaseImage} at its registry
     */
    public InboundConsumer(KafkaEdge edge, String group, DeadLetterPublisher deadLetters, TagStore tags,
                           RepositoryWorkers workers, DigestCheck digests, MeterRegistry meters,
                           Duration pollTimeout) {
        this.tags = tags;
        this.workers = workers;
        this.digests = digests;
        this.follower = edge.follower(FollowerSpec.of("git-writer-inbound", OffsetPolicy.rebuilding(group),
                                DeadLetters.publishing(deadLetters, record -> meters.counter("shiplog.gitwriter.bad.records",
                                        "topic", record.topic()).increment()),
                                TopicCatalogue.IMAGES.name(), TopicCatalogue.COMMANDS.name())
                        .withClientId(group).withPollTimeout(pollTimeout),
                record -> InboundConverter.fromAvro(edge.decoder().decode(record)), this);
    }

    /**
     * The partition of {@code shiplog.images} whose holder owns a config repository: the one its URL would be
     * partitioned to as a key.
     */
    public static int ownerPartition(String configRepoUrl, int imagePartitions) {
        return LogReader.partitionOf(configRepoUrl, imagePartitions);
    }

    public void start() {
        follower.start();
    }

    /** Whether the log as it was at the first assignment has been read (the commit loops are working). */
    public boolean caughtUp() {
        return follower.caughtUp();
    }

    @Override
    public void onRecord(Delivery<Inbound> delivery) {
        boolean act = !delivery.replayed();
        List<CompletableFuture<Void>> work = new ArrayList<>();
        Inbound inbound = delivery.value();
        if (inbound instanceof Inbound.TagSeen t) {
            tags.put(t.repository(), new TagCandidate(t.tag(), t.digest(), t.createdAt()));
            if (act) {
                workers.current().forEach(w -> work.add(w.submit(new Work.TagUpdate(t.repository(), t.tag(), t.digest(),
                        t.cause()))));
            }
        } else if (inbound instanceof Inbound.TagGone t) {
            tags.remove(t.repository(), t.tag());
        } else if (inbound instanceof Inbound.ReleaseRequested r) {
            if (act) {
                work.add(release(r));
            }
        } else if (inbound instanceof Inbound.LockRequested l) {
            if (act) {
                workers.current().stream().filter(w -> l.workload().appliesTo(w.properties())).forEach(w -> work.add(
                        w.submit(new Work.Lock(l.workload(), l.container(), l.lock(), l.requestedBy(), l.reason(),
                                l.cause()))));
            }
        } else if (inbound instanceof Inbound.RollbackRequested r) {
            if (act) {
                work.add(rollback(r));
            }
        } else if (inbound instanceof Inbound.NotForGitWriter n) {
            LOG.trace("skipping {} at {}", n.type(), delivery.where());
        }
        if (!work.isEmpty()) {
            delivery.completeWhen(CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)));
        }
    }

    /**
     * A release to a digest is first confirmed at the registry (off this thread); a refused one still goes to every
     * repository's loop, which reports it ({@code UpdateSkipped UNKNOWN_DIGEST}) and commits nothing. A release to
     * clusters goes only to the loops of their repositories, restricted to their paths; an unknown cluster fails the
     * record to the DLQ, naming it.
     */
    private CompletableFuture<Void> release(Inbound.ReleaseRequested r) {
        List<ClusterProperties> known = clusters;
        List<ClusterProperties> named = new ArrayList<>();
        for (String name : r.clusters()) {
            Optional<ClusterProperties> cluster = known.stream().filter(c -> c.name().equals(name)).findFirst();
            if (cluster.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("release of " + r.repository()
                        + ":" + r.tag() + " requested by " + r.requestedBy() + ": unknown cluster '" + name
                        + "' (known: " + known.stream().map(ClusterProperties::name).toList() + ")"));
            }
            named.add(cluster.get());
        }
        List<RepositoryWorker> current = workers.current();
        List<RepositoryWorker> targets = current.stream().filter(w -> named.isEmpty()
                || named.stream().anyMatch(c -> c.in(w.properties(), current.size()))).toList();
        if (targets.isEmpty() && !named.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("release of " + r.repository() + ":"
                    + r.tag() + " to clusters " + r.clusters() + ": their repositories are not written to by "
                    + "git-writer"));
        }
        CompletableFuture<Optional<String>> verdict = r.digest() == null
                ? CompletableFuture.completedFuture(Optional.empty()) : digests.refusal(r.repository(), r.digest());
        return verdict.thenCompose(refusal -> {
            refusal.ifPresent(reason -> LOG.warn("release of {}:{} requested by {} refused, nothing committed: {}",
                    r.repository(), r.tag(), r.requestedBy(), reason));
            return CompletableFuture.allOf(targets.stream().map(w -> w.submit(new Work.Release(
                    r.repository(), r.tag(), r.digest(), r.ignorePolicy(), r.requestedBy(), r.cause(),
                    refusal.orElse(null), r.apps(), named.stream().filter(c -> c.in(w.properties(), current.size()))
                    .toList()))).toArray(CompletableFuture[]::new));
        });
    }

    /**
     * A rollback goes to the loop of the cluster's repository; an unknown cluster (or one whose repository is not
     * written to) fails the record to the DLQ, naming it.
     */
    private CompletableFuture<Void> rollback(Inbound.RollbackRequested r) {
        List<ClusterProperties> known = clusters;
        Optional<ClusterProperties> cluster = known.stream().filter(c -> c.name().equals(r.cluster())).findFirst();
        if (cluster.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("rollback requested by "
                    + r.requestedBy() + ": unknown cluster '" + r.cluster() + "' (known: "
                    + known.stream().map(ClusterProperties::name).toList() + ")"));
        }
        List<RepositoryWorker> current = workers.current();
        Optional<RepositoryWorker> worker = current.stream()
                .filter(w -> cluster.get().in(w.properties(), current.size())).findFirst();
        if (worker.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("rollback of cluster '" + r.cluster()
                    + "': its repository '" + cluster.get().repository() + "' is not written to by git-writer"));
        }
        LOG.info("rollback of cluster {} to {} requested by {}", r.cluster(), r.target().describe(), r.requestedBy());
        return worker.get().submit(new Work.Rollback(cluster.get(), r.target(), r.requestedBy(), r.reason(),
                r.cause()));
    }

    /** The clusters a rollback may name (the fleet file's, as configured now). */
    public void clusters(List<ClusterProperties> clusters) {
        this.clusters = List.copyOf(clusters);
    }

    @Override
    public synchronized void onAssigned(FollowerContext context, Collection<TopicPartition> partitions) {
        imagePartitions = context.partitionCount(TopicCatalogue.IMAGES.name());
        assigned.addAll(partitions);
        updateOwnership();
    }

    @Override
    public synchronized void onRevoked(Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
        updateOwnership();
    }

    @Override
    public void onCaughtUp() {
        LOG.info("caught up with the log ({} image repositories known); commit loops start", tags.repositories());
        workers.current().forEach(RepositoryWorker::release);
    }

    /**
     * Takes in a loop added while running: it owns its repository when this instance holds the repository's
     * partition, and works at once when the log has been read already.
     */
    public synchronized void added(RepositoryWorker worker) {
        updateOwnership();
        if (caughtUp()) {
            worker.release();
        }
    }

    private synchronized void updateOwnership() {
        if (imagePartitions == 0) {
            return;
        }
        for (RepositoryWorker worker : workers.current()) {
            TopicPartition owner = new TopicPartition(TopicCatalogue.IMAGES.name(),
                    ownerPartition(worker.properties().url(), imagePartitions));
            worker.ownership(assigned.contains(owner));
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
