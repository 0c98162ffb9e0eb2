package io.shiplog.gitwriter.manifest;

import org.yaml.snakeyaml.DumperOptions.ScalarStyle;

/**
 * Where a scalar's text is in the file: byte offsets {@code [start, end)} of the scalar token (quotes included,
 * anchor and tag excluded; for a block scalar, the content of its one line), its style and the exact source text,
 * which the editor checks before splicing.
 */
public record ScalarSpan(int start, int end, ScalarStyle style, String source) {
}
