package io.shiplog.local.schemaregistry;

/**
 * Life cycle of a subject version. The order matters: a version only moves forward, so applying delete records in
 * any order gives the same state.
 */
enum VersionState {
    LIVE, SOFT_DELETED, HARD_DELETED;

    VersionState advanceTo(VersionState target) {
        return target.compareTo(this) > 0 ? target : this;
    }
}
