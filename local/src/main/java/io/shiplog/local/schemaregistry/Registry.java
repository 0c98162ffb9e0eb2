package io.shiplog.local.schemaregistry;

import io.shiplog.local.schemaregistry.CompatibilityChecker.Previous;
import io.shiplog.local.schemaregistry.LogRecord.Registered;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration, lookups and compatibility checks over the {@link SchemaLog}. Registration is optimistic: choose the
 * id and version on a state that has read the whole log, append a claim based on that position, and retry if
 * another instance wrote first (see {@link RegistryState}).
 */
final class Registry {

    /** A subject version with the schema it is bound to. */
    record VersionedSchema(String subject, int version, int id, SchemaDefinition definition) {
    }

    private record Decision(int id, int version, SchemaDefinition definition, long basedOn, boolean existing) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    private static final int MAX_ATTEMPTS = 50;

    private final SchemaLog log;
    private final AvroSchemas avro = new AvroSchemas();
    private final ReentrantLock writes;

    Registry(SchemaLog log, ReentrantLock writes) {
        this.log = log;
        this.writes = writes;
    }

    /** Registers {@code input} under {@code subject} (or finds it there) and returns its global id. */
    int register(String subject, SchemaInput input) {
        writes.lock();
        try {
            log.syncToEnd();
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Decision d = log.locked(state -> decide(state, subject, input));
                if (d.existing()) {
                    return d.id();
                }
                long offset = log.append(new Registered(subject, d.version(), d.id(), d.definition(), d.basedOn(),
                        UUID.randomUUID().toString()));
                if (offset == d.basedOn()) {
                    LOG.info("registered subject '{}' version {} as schema id {} on {}", subject, d.version(), d.id(),
                            log.topic());
                    return d.id();
                }
                LOG.debug("claim of subject '{}' version {} id {} based on offset {} landed at {}; retrying",
                        subject, d.version(), d.id(), d.basedOn(), offset);
                backOff(attempt);
            }
            throw RegistryException.storeError("gave up registering under subject '" + subject + "' after "
                    + MAX_ATTEMPTS + " attempts: other instances kept writing to " + log.topic(), null);
        } finally {
            writes.unlock();
        }
    }

    private Decision decide(RegistryState state, String subject, SchemaInput input) {
        AvroSchemas.Parsed parsed = avro.parse(input.schema(), input.references(), state);
        for (SubjectVersion v : state.versions(subject, false)) {
            if (state.schema(v.id()).orElseThrow().equals(parsed.definition())) {
                return new Decision(v.id(), v.version(), parsed.definition(), state.position(), true);
            }
        }
        CompatibilityLevel level = state.effectiveLevel(subject);
        List<String> problems = CompatibilityChecker.check(level, parsed.schema(), previous(state, subject));
        if (!problems.isEmpty()) {
            throw RegistryException.incompatible("Schema being registered is incompatible with an earlier schema"
                    + " for subject \"" + subject + "\", details: " + problems);
        }
        int id = state.idOf(parsed.definition()).orElseGet(state::nextId);
        return new Decision(id, state.nextVersion(subject), parsed.definition(), state.position(), false);
    }

    private List<Previous> previous(RegistryState state, String subject) {
        return state.versions(subject, false).stream()
                .map(v -> new Previous(v.version(), avro.stored(v.id(), state))).toList();
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L + 5L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted while retrying a registration", e);
        }
    }

    /** The newest version of {@code subject} holding exactly {@code input}; 40401 or 40403 otherwise. */
    VersionedSchema lookup(String subject, SchemaInput input, boolean includeDeleted) {
        return log.read(state -> {
            List<SubjectVersion> versions = state.versions(subject, includeDeleted);
            if (versions.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            SchemaDefinition wanted = avro.parse(input.schema(), input.references(), state).definition();
            for (int i = versions.size() - 1; i >= 0; i--) {
                SubjectVersion v = versions.get(i);
                SchemaDefinition definition = state.schema(v.id()).orElseThrow();
                if (definition.equals(wanted)) {
                    return new VersionedSchema(subject, v.version(), v.id(), definition);
                }
            }
            throw RegistryException.schemaNotFoundInSubject(subject);
        });
    }

    /**
     * Checks {@code input} against one version of {@code subject}, or, with {@code version == null}, against the
     * versions the subject's level prescribes. Returns Confluent-style messages, empty when compatible.
     */
    List<String> checkCompatibility(String subject, String version, SchemaInput input) {
        return log.read(state -> {
            List<Previous> previous;
            if (version == null) {
                previous = previous(state, subject);
            } else {
                SubjectVersion v = Versions.resolve(state, subject, version, false);
                previous = List.of(new Previous(v.version(), avro.stored(v.id(), state)));
            }
            AvroSchemas.Parsed parsed = avro.parse(input.schema(), input.references(), state);
            return CompatibilityChecker.check(state.effectiveLevel(subject), parsed.schema(), previous);
        });
    }

    List<String> subjects(boolean includeDeleted) {
        return log.read(state -> state.subjects(includeDeleted));
    }

    /** Version numbers of a subject; 40401 if it has none visible. */
    List<Integer> versions(String subject, boolean includeDeleted) {
        return log.read(state -> {
            List<Integer> versions = state.versions(subject, includeDeleted).stream()
                    .map(SubjectVersion::version).toList();
            if (versions.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            return versions;
        });
    }

    VersionedSchema version(String subject, String version, boolean includeDeleted) {
        return log.read(state -> {
            SubjectVersion v = Versions.resolve(state, subject, version, includeDeleted);
            return new VersionedSchema(subject, v.version(), v.id(), state.schema(v.id()).orElseThrow());
        });
    }

    /** Ids of schemas referencing the given version. */
    List<Integer> referencedBy(String subject, String version) {
        return log.read(state -> {
            SubjectVersion v = Versions.resolve(state, subject, version, false);
            return state.referencedBy(subject, v.version());
        });
    }

    /** The schema bound to {@code id}; 40403 if none. Ids stay readable after their versions are deleted. */
    SchemaDefinition schema(int id) {
        return log.read(state -> state.schema(id).orElseThrow(() -> RegistryException.schemaNotFound(id)));
    }

    /** Subject versions bound to {@code id}; 40403 if the id is unknown. */
    List<SubjectVersion> versionsWithId(int id, boolean includeDeleted) {
        return log.read(state -> {
            if (state.schema(id).isEmpty()) {
                throw RegistryException.schemaNotFound(id);
            }
            return state.versionsWithId(id, includeDeleted);
        });
    }
}
