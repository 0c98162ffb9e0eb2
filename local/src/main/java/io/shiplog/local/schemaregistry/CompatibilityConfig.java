package io.shiplog.local.schemaregistry;

import io.shiplog.local.schemaregistry.LogRecord.ConfigChanged;

/** The global and per-subject compatibility levels, kept as last-wins records in the {@link SchemaLog}. */
final class CompatibilityConfig {

    private final SchemaLog log;

    CompatibilityConfig(SchemaLog log) {
        this.log = log;
    }

    CompatibilityLevel global() {
        return log.read(RegistryState::globalLevel);
    }

    /** The subject's own level; with {@code defaultToGlobal} the global one if it has none, else 40408. */
    CompatibilityLevel subject(String subject, boolean defaultToGlobal) {
        return log.read(state -> state.subjectLevel(subject).orElseGet(() -> {
            if (defaultToGlobal) {
                return state.globalLevel();
            }
            throw RegistryException.compatibilityNotConfigured(subject);
        }));
    }

    void setGlobal(CompatibilityLevel level) {
        log.append(new ConfigChanged(null, level));
    }

    void setSubject(String subject, CompatibilityLevel level) {
        log.append(new ConfigChanged(subject, level));
    }

    /** Reverts the global level to the default and returns the level it had. */
    CompatibilityLevel resetGlobal() {
        CompatibilityLevel previous = global();
        log.append(new ConfigChanged(null, null));
        return previous;
    }

    /** Removes the subject's own level and returns it; 40408 if it had none. */
    CompatibilityLevel deleteSubject(String subject) {
        CompatibilityLevel previous = subject(subject, false);
        log.append(new ConfigChanged(subject, null));
        return previous;
    }
}
