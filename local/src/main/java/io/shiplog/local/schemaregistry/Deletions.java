package io.shiplog.local.schemaregistry;

import io.shiplog.local.schemaregistry.LogRecord.VersionDeleted;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Soft and permanent deletes of subjects and versions, with Confluent's rules: a permanent delete needs a soft delete
 * first (40405, 40407), a second soft delete is refused (40404, 40406).
 */
final class Deletions {

    private static final Logger LOG = LoggerFactory.getLogger(Deletions.class);

    private final SchemaLog log;
    private final ReentrantLock writes;

    Deletions(SchemaLog log, ReentrantLock writes) {
        this.log = log;
        this.writes = writes;
    }

    /** Deletes every version of {@code subject} and returns their numbers. */
    List<Integer> deleteSubject(String subject, boolean permanent) {
        writes.lock();
        try {
            List<SubjectVersion> versions = log.read(state -> state.versions(subject, true));
            if (versions.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            boolean anyLive = versions.stream().anyMatch(SubjectVersion::isLive);
            if (permanent && anyLive) {
                throw RegistryException.subjectNotSoftDeleted(subject);
            }
            if (!permanent && !anyLive) {
                throw RegistryException.subjectSoftDeleted(subject);
            }
            List<Integer> deleted = versions.stream().filter(v -> permanent || v.isLive())
                    .map(SubjectVersion::version).toList();
            for (int version : deleted) {
                log.append(new VersionDeleted(subject, version, permanent));
            }
            LOG.info("{} deleted subject '{}' versions {} on {}", permanent ? "permanently" : "soft", subject,
                    deleted, log.topic());
            return deleted;
        } finally {
            writes.unlock();
        }
    }

    /** Deletes one version of {@code subject} ({@code latest} allowed) and returns its number. */
    int deleteVersion(String subject, String version, boolean permanent) {
        writes.lock();
        try {
            // a number may name a soft-deleted version (to refuse a second soft delete with 40406);
            // "latest" means the latest live version for a soft delete
            boolean includeDeleted = permanent || Versions.parse(version) != Versions.LATEST;
            SubjectVersion target = log.read(state -> Versions.resolve(state, subject, version, includeDeleted));
            if (permanent && target.isLive()) {
                throw RegistryException.versionNotSoftDeleted(subject, target.version());
            }
            if (!permanent && !target.isLive()) {
                throw RegistryException.versionSoftDeleted(subject, target.version());
            }
            log.append(new VersionDeleted(subject, target.version(), permanent));
            LOG.info("{} deleted subject '{}' version {} on {}", permanent ? "permanently" : "soft", subject,
                    target.version(), log.topic());
            return target.version();
        } finally {
            writes.unlock();
        }
    }
}
