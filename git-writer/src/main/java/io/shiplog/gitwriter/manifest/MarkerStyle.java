package io.shiplog.gitwriter.manifest;

/** How a manifest declared an automated image (same names as the Avro {@code MarkerStyle}). */
public enum MarkerStyle {
    /** {@code # {"$shiplog": "<spec>"}} on the line of the value. */
    SHIPLOG,
    /** Flux v2 setter {@code # {"$imagepolicy": "<ns>:<name>[:tag|:name|:digest]"}}. */
    FLUX_V2,
    /** Flux v1 workload annotations {@code fluxcd.io/automated}, {@code fluxcd.io/tag.<container>}. */
    FLUX_V1,
    /** Keel workload annotations {@code keel.sh/policy}, {@code keel.sh/match-tag}. */
    KEEL
}
