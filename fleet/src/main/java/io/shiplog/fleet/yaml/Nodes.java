package io.shiplog.fleet.yaml;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Small helpers on SnakeYAML nodes. */
public final class Nodes {

    private static final int SHOWN = 60;

    private Nodes() {
    }

    /** {@code null}, {@code ~} or nothing after the colon. */
    public static boolean isNull(Node node) {
        return node == null || node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    /** What a node is, for "expected X, got Y": {@code a mapping}, {@code a list}, {@code 'text'}. */
    public static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode scalar) {
            return quote(scalar.getValue());
        }
        return "nothing";
    }

    /** {@code 'text'}, shortened when long. */
    public static String quote(String text) {
        String shown = text.length() > SHOWN ? text.substring(0, SHOWN) + "…" : text;
        return "'" + shown.replace("\n", "\\n") + "'";
    }

    /** {@code parent.key}, or {@code key} at the top. */
    public static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }
}
