package io.shiplog.local.schemaregistry;

import java.util.List;

/** Resolves the {@code {version}} path segment: a positive number, {@code latest} or {@code -1}. */
final class Versions {

    /** Marker for {@code latest}. */
    static final int LATEST = -1;

    private Versions() {
    }

    /** Parses a version segment; 42202 naming it if it is neither {@code latest} nor a number from 1 up. */
    static int parse(String version) {
        if ("latest".equals(version) || "-1".equals(version)) {
            return LATEST;
        }
        try {
            int number = Integer.parseInt(version);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw RegistryException.invalidVersion(version);
    }

    /** The visible version {@code version} of {@code subject}; 42202, 40401 or 40402 otherwise. */
    static SubjectVersion resolve(RegistryState state, String subject, String version, boolean includeDeleted) {
        int number = parse(version);
        List<SubjectVersion> visible = state.versions(subject, includeDeleted);
        if (visible.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        if (number == LATEST) {
            return visible.get(visible.size() - 1);
        }
        return visible.stream().filter(v -> v.version() == number).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(subject, version));
    }
}
