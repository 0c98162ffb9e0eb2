package io.shiplog.auditor.drift.compare;

/**
 * One drifted field. {@code desired} and {@code live} are JSON text, null when the field is absent on that side or
 * when the value is {@code redacted} (a Secret's data).
 */
public record FieldDrift(String path, String desired, String live, boolean redacted) {

    @Override
    public String toString() {
        return redacted ? path + " (value redacted)" : path + ": " + desired + " → " + live;
    }
}
