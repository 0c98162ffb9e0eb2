package io.shiplog.gitwriter.manifest;

/** One YAML value that holds (part of) an automated image: its part, YAML path, 1-based line, span and value. */
public record ValueSlot(ValuePart part, String field, int line, ScalarSpan span, String value) {
}
