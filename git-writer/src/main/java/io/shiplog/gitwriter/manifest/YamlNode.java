package io.shiplog.gitwriter.manifest;

import java.util.List;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;

/**
 * A light YAML tree built from snakeyaml's parser events, keeping source positions: {@code start}/{@code end} are
 * code point indexes into the decoded text (without BOM), {@code line} is 0-based. Aliases point at their anchor's
 * node and are never expanded.
 */
sealed interface YamlNode {

    int start();

    int line();

    /** A scalar; with {@code properties}, {@code start} is at its anchor or tag, before the scalar itself. */
    record Scalar(String value, ScalarStyle style, int start, boolean properties, int end, int line, int endLine)
            implements YamlNode {
    }

    /** A mapping with its entries in source order. */
    record Mapping(List<Entry> entries, int start, int line) implements YamlNode {

        /** The value of the first entry whose key is the scalar {@code key}, or null. */
        YamlNode get(String key) {
            for (Entry e : entries) {
                if (e.key() instanceof Scalar s && s.value().equals(key)) {
                    return e.value();
                }
            }
            return null;
        }

        /** The scalar value under {@code key}, or null when absent or not a scalar. */
        String text(String key) {
            return YamlNode.resolve(get(key)) instanceof Scalar s ? s.value() : null;
        }

        Mapping mapping(String key) {
            return YamlNode.resolve(get(key)) instanceof Mapping m ? m : null;
        }
    }

    /** One mapping entry. */
    record Entry(YamlNode key, YamlNode value) {
    }

    /** A sequence. */
    record Sequence(List<YamlNode> items, int start, int line) implements YamlNode {
    }

    /** An alias {@code *name}; {@code target} is the anchored node. */
    record Alias(String anchor, YamlNode target, int start, int line) implements YamlNode {
    }

    /** Follows one alias (targets are never aliases themselves). */
    static YamlNode resolve(YamlNode node) {
        return node instanceof Alias a ? a.target() : node;
    }
}
