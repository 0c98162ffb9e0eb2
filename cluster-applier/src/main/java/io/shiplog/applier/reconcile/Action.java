package io.shiplog.applier.reconcile;

/** What happened to one object. */
public enum Action {
    CREATED, CONFIGURED, UNCHANGED, PRUNED, FAILED, SKIPPED
}
