package io.shiplog.gitwriter.events;

import io.shiplog.events.CommitEvent;
import io.shiplog.events.CommitFailed;
import io.shiplog.events.CommitFailureReason;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.FileChange;
import io.shiplog.events.ImageUsage;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.Meta;
import io.shiplog.events.Person;
import io.shiplog.events.SkipReason;
import io.shiplog.events.UpdateSkipped;
import io.shiplog.events.WatchedImage;
import io.shiplog.events.WatchlistEvent;
import io.shiplog.gitwriter.git.CommitTrailers;
import io.shiplog.gitwriter.git.NewCommit;
import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ObjectRef;
import io.shiplog.gitwriter.release.ChangedValue;
import io.shiplog.gitwriter.release.CommitEvents;
import io.shiplog.gitwriter.release.CommitRecord;
import io.shiplog.gitwriter.release.WatchEntry;
import io.shiplog.schemas.event.EventCause;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Kafka edge of the commit loops: domain records to Avro envelopes on {@code shiplog.commits} (key
 * {@code <configRepo>#<branch>}) and {@code shiplog.watchlist} (key: image repository, one entry merging the usages of every config repository of this process; tombstones when
 * unused).
 */
public final class KafkaCommitEvents implements CommitEvents {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final EventSink sink;
    private final MetaFactory meta;

    public KafkaCommitEvents(EventSink sink, MetaFactory meta) {
        this.sink = sink;
        this.meta = meta;
    }

    @Override
    public void publish(String configRepo, String branch, List<CommitRecord> records)
            throws EventsUnavailableException {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        String key = configRepo + "#" + branch;
        for (CommitRecord record : records) {
            sent.add(sink.send(TopicCatalogue.COMMITS.name(), key, toAvro(configRepo, branch, record)));
        }
        await(sent, "commit events of " + key);
    }

    @Override
    public void publishWatchList(String configRepo, String branch, String headCommit,
                                 List<WatchEntry> entries, List<String> removed)
            throws EventsUnavailableException {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (WatchEntry entry : entries) {
            WatchedImage image = WatchedImage.newBuilder()
                    .setRepository(entry.repository())
                    .setRegistry(entry.registry())
                    .setConfigRepo(configRepo)
                    .setBranch(branch)
                    .setHeadCommit(headCommit)
                    .setPolicies(entry.policies())
                    .setTrackedTags(entry.trackedTags())
                    .setScanIntervalMs(null)
                    .setUsages(entry.usages().stream().map(u -> usage(u.configRepo(), u.location())).toList())
                    .build();
            sent.add(sink.send(TopicCatalogue.WATCHLIST.name(), entry.repository(),
                    WatchlistEvent.newBuilder().setMeta(meta.root()).setPayload(image).build()));
        }
        for (String repository : removed) {
            sent.add(sink.send(TopicCatalogue.WATCHLIST.name(), repository, null));
        }
        await(sent, "watch list of " + configRepo + "#" + branch);
    }

    private static ImageUsage usage(String configRepo, ImageLocation l) {
        return ImageUsage.newBuilder()
                .setPath(l.path())
                .setDocumentIndex(l.documentIndex())
                .setObject(object(l.object()))
                .setField(l.field())
                .setMarkerStyle(io.shiplog.events.MarkerStyle.valueOf(l.style().name()))
                .setPolicy(l.policy())
                .setCurrentValue(l.current().toString())
                .setLocked(l.locked())
                .setConfigRepo(configRepo)
                .build();
    }

    SpecificRecord toAvro(String configRepo, String branch, CommitRecord record) {
        if (record instanceof CommitRecord.Committed c) {
            return CommitEvent.newBuilder()
                    .setMeta(committedMeta(c))
                    .setPayload(ManifestsCommitted.newBuilder()
                            .setConfigRepo(configRepo)
                            .setBranch(c.branch())
                            .setSha(c.commit().sha())
                            .setParentSha(c.commit().parents().isEmpty() ? null : c.commit().parents().get(0))
                            .setAuthor(new Person(c.commit().authorName(), c.commit().authorEmail()))
                            .setCommittedAt(c.commit().committedAt())
                            .setMessage(CommitTrailers.strip(c.commit().message()))
                            .setChanges(c.changes().stream().map(KafkaCommitEvents::fileChange).toList())
                            .setCausingEventIds(c.causes().stream().map(EventCause::eventId).distinct().toList())
                            .setPushAttempts(c.pushAttempts())
                            .build())
                    .build();
        }
        if (record instanceof CommitRecord.Observed o) {
            Meta identity = meta.root();
            identity.setEventId(o.identity().eventId());
            identity.setCorrelationId(o.identity().correlationId());
            return CommitEvent.newBuilder()
                    .setMeta(identity)
                    .setPayload(observed(configRepo, branch, o.commit()))
                    .build();
        }
        if (record instanceof CommitRecord.Skipped s) {
            return CommitEvent.newBuilder()
                    .setMeta(meta.causedBy(s.cause().correlationId(), s.cause().eventId()))
                    .setPayload(UpdateSkipped.newBuilder()
                            .setConfigRepo(configRepo)
                            .setBranch(branch)
                            .setRepository(s.repository())
                            .setTag(s.tag() == null ? "" : s.tag())
                            .setDigest(s.digest())
                            .setReason(SkipReason.valueOf(s.reason().name()))
                            .setDetail(s.detail())
                            .setPath(s.path())
                            .setPolicy(s.policy())
                            .build())
                    .build();
        }
        CommitRecord.Failed f = (CommitRecord.Failed) record;
        return CommitEvent.newBuilder()
                    .setMeta(f.causes().isEmpty() ? meta.root()
                            : meta.causedBy(f.causes().get(0).correlationId(), f.causes().get(0).eventId()))
                    .setPayload(CommitFailed.newBuilder()
                            .setConfigRepo(configRepo)
                            .setBranch(branch)
                            .setReason(CommitFailureReason.valueOf(f.reason().name()))
                            .setMessage(f.message())
                            .setAttempts(f.attempts())
                            .setWillRetry(f.willRetry())
                            .setChanges(f.changes().stream().map(KafkaCommitEvents::fileChange).toList())
                            .build())
                    .build();
    }

    private Meta committedMeta(CommitRecord.Committed c) {
        return Meta.newBuilder()
                .setEventId(c.eventId())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setProducer(meta.producer())
                .setCorrelationId(c.correlationId())
                .setCausationId(c.causes().isEmpty() ? null : c.causes().get(0).eventId())
                .build();
    }

    private static CommitObserved observed(String configRepo, String branch, NewCommit c) {
        return CommitObserved.newBuilder()
                .setConfigRepo(configRepo)
                .setBranch(branch)
                .setSha(c.sha())
                .setParentShas(c.parents())
                .setAuthor(new Person(c.authorName(), c.authorEmail()))
                .setCommitter(new Person(c.committerName(), c.committerEmail()))
                .setCommittedAt(c.committedAt().truncatedTo(ChronoUnit.MILLIS))
                .setMessage(c.message())
                .setChangedPaths(c.changedPaths())
                .build();
    }

    private static FileChange fileChange(ChangedValue c) {
        return FileChange.newBuilder()
                .setPath(c.path())
                .setDocumentIndex(c.documentIndex())
                .setObject(object(c.object()))
                .setField(c.field())
                .setRepository(c.repository())
                .setFrom(c.from())
                .setTo(c.to())
                .setToTag(c.toTag())
                .setToDigest(c.toDigest())
                .setPolicy(c.policy())
                .setMarkerStyle(io.shiplog.events.MarkerStyle.valueOf(c.style().name()))
                .build();
    }

    private static io.shiplog.events.ObjectRef object(ObjectRef o) {
        if (o == null) {
            return null;
        }
        return io.shiplog.events.ObjectRef.newBuilder().setGroup(o.group() == null ? "" : o.group())
                .setVersion(o.version() == null ? "" : o.version()).setKind(o.kind()).setNamespace(o.namespace())
                .setName(o.name() == null ? "" : o.name()).build();
    }

    private static void await(List<CompletableFuture<?>> sent, String what) throws EventsUnavailableException {
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new EventsUnavailableException("cannot publish " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventsUnavailableException("interrupted while publishing " + what, e);
        }
    }
}
