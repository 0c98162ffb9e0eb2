package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.manifest.ObjectRef;
import io.shiplog.schemas.event.EventCause;

/**
 * A planned lock or unlock of one YAML document: set ({@code lock}) or remove the {@code shiplog.io/locked}
 * annotation (or {@code shiplog.io/locked.<container>}).
 */
public record LockChange(String path, int documentIndex, ObjectRef object, String container, boolean lock,
                         String requestedBy, String reason, EventCause cause) {

    /** {@code lock apps/web.yaml Deployment/prod/web (container app) by ada: incident 42}, for the commit message. */
    public String describe() {
        return (lock ? "lock " : "unlock ") + path + (object == null ? "" : " " + object)
                + (container == null ? "" : " (container " + container + ")")
                + (requestedBy == null ? "" : " by " + requestedBy) + (reason == null ? "" : ": " + reason);
    }
}
