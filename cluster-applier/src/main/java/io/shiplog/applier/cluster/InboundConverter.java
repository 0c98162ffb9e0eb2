package io.shiplog.applier.cluster;

import io.shiplog.applier.replay.ReplayRequest;
import io.shiplog.events.Command;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.Meta;
import io.shiplog.events.ReplayCluster;
import io.shiplog.events.ResumeCluster;
import io.shiplog.events.ResyncCluster;
import io.shiplog.events.SuspendCluster;
import io.shiplog.schemas.event.EventCause;

/** The Kafka edge: decoded commit events and commands to {@link Inbound} records. */
public final class InboundConverter {

    private InboundConverter() {
    }

    /** {@code value} as decoded from {@code shiplog.commits} or {@code shiplog.commands}; null (tombstone) is other. */
    public static Inbound fromAvro(Object value) {
        if (value instanceof CommitEvent event) {
            EventCause cause = cause(event.getMeta());
            Object payload = event.getPayload();
            if (payload instanceof ManifestsCommitted c) {
                return new Inbound.DesiredCommit(c.getConfigRepo(), c.getBranch(), c.getSha(), cause);
            }
            if (payload instanceof CommitObserved c) {
                return new Inbound.DesiredCommit(c.getConfigRepo(), c.getBranch(), c.getSha(), cause);
            }
            return new Inbound.NotForApplier(payload.getClass().getSimpleName());
        }
        if (value instanceof Command command) {
            if (command.getPayload() instanceof ResyncCluster resync) {
                return new Inbound.ResyncRequested(resync.getCluster(), resync.getRequestedBy(),
                        cause(command.getMeta()));
            }
            if (command.getPayload() instanceof SuspendCluster suspend) {
                return new Inbound.SuspendRequested(suspend.getCluster(), true, suspend.getRequestedBy(),
                        suspend.getReason(), cause(command.getMeta()));
            }
            if (command.getPayload() instanceof ResumeCluster resume) {
                return new Inbound.SuspendRequested(resume.getCluster(), false, resume.getRequestedBy(),
                        resume.getReason(), cause(command.getMeta()));
            }
            if (command.getPayload() instanceof ReplayCluster replay) {
                return new Inbound.ReplayRequested(new ReplayRequest(replay.getCluster(),
                        replay.getTargetCluster() == null || replay.getTargetCluster().isBlank() ? replay.getCluster()
                                : replay.getTargetCluster(), replay.getAtTime(), replay.getCommitSha(),
                        replay.getRequestedBy(), cause(command.getMeta())));
            }
            return new Inbound.NotForApplier(command.getPayload().getClass().getSimpleName());
        }
        return new Inbound.NotForApplier(value == null ? "tombstone" : value.getClass().getSimpleName());
    }

    private static EventCause cause(Meta meta) {
        return new EventCause(meta.getCorrelationId(), meta.getEventId());
    }
}
