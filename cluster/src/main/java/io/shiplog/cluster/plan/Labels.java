package io.shiplog.cluster.plan;

/** Labels and annotations Shiplog sets or reads on objects. */
public final class Labels {

    /** Label on every applied object. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String SHIPLOG = "shiplog";
    /** Label naming the inventory an object belongs to. */
    public static final String INVENTORY = "shiplog.io/inventory";
    /** Label on the inventory object itself (it is not in any inventory). */
    public static final String INVENTORY_OF = "shiplog.io/inventory-of";
    /** Annotation: {@code disabled} keeps an object when it leaves git. */
    public static final String PRUNE = "shiplog.io/prune";
    /** Annotation: {@code enabled} lets Shiplog delete and recreate an object whose immutable fields changed. */
    public static final String RECREATE = "shiplog.io/recreate";

    /**
     * Annotation Shiplog sets: a digest of the body it applied, so a resync can tell from a LIST that an object
     * needs no request at all.
     */
    public static final String APPLIED_DIGEST = "shiplog.io/applied-digest";

    private Labels() {
    }
}
