package io.shiplog.local.schemaregistry;

/** One version of a subject, bound to a global schema id. */
record SubjectVersion(String subject, int version, int id, VersionState state) {

    boolean isLive() {
        return state == VersionState.LIVE;
    }

    boolean isVisible(boolean includeSoftDeleted) {
        return state == VersionState.LIVE || includeSoftDeleted && state == VersionState.SOFT_DELETED;
    }

    SubjectVersion withState(VersionState next) {
        return new SubjectVersion(subject, version, id, state.advanceTo(next));
    }
}
