package io.shiplog.applier.reconcile;

/** How an object is doing after the apply. */
public enum Health {
    HEALTHY, PROGRESSING, DEGRADED, UNKNOWN
}
