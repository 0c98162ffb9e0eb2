package io.shiplog.fleet.yaml;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks a composed document before anything reads it: no recursive aliases, aliases that expand to at most
 * {@link #MAX_NODES} nodes (an alias bomb is refused without being expanded: sizes are counted once per node),
 * nesting at most {@link #MAX_DEPTH} deep, string keys without duplicates, and only YAML's own tags.
 */
final class NodeChecks {

    static final int MAX_DEPTH = 64;
    static final long MAX_NODES = 100_000;

    private final Problems problems;
    private final Map<Node, long[]> measured = new IdentityHashMap<>();
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean recursive;

    private NodeChecks(Problems problems) {
        this.problems = problems;
    }

    /** Whether the document may be read further (duplicate keys and tags are problems but do not stop reading). */
    static boolean check(Node root, Problems problems) {
        NodeChecks checks = new NodeChecks(problems);
        long[] rootSize = checks.measure(root, "");
        if (checks.recursive) {
            return false;
        }
        if (rootSize[0] > MAX_NODES) {
            checks.reportBomb(root, "");
            return false;
        }
        if (rootSize[1] > MAX_DEPTH) {
            checks.reportDepth(root, "", 1);
            return false;
        }
        return true;
    }

    /** {size in nodes once aliases are expanded (saturating), height}. */
    private long[] measure(Node node, String path) {
        long[] known = measured.get(node);
        if (known != null) {
            return known;
        }
        if (!open.add(node)) {
            recursive = true;
            problems.add(node, path, "an alias refers to a node that contains it (a recursive structure)");
            return new long[] {1, 1};
        }
        checkTag(node, path);
        long size = 1;
        long height = 1;
        if (node instanceof SequenceNode sequence) {
            int i = 0;
            for (Node item : sequence.getValue()) {
                long[] child = measure(item, path + "[" + i++ + "]");
                size = saturatedAdd(size, child[0]);
                height = Math.max(height, child[1] + 1);
            }
        } else if (node instanceof MappingNode mapping) {
            Map<String, Node> keys = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String childPath = path;
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    childPath = Nodes.join(path, key.getValue());
                    Node first = keys.putIfAbsent(key.getValue(), key);
                    if (first != null) {
                        problems.add(key, childPath, "duplicate key (first at line "
                                + (first.getStartMark().getLine() + 1) + ":" + (first.getStartMark().getColumn() + 1)
                                + ")");
                    }
                } else {
                    problems.add(tuple.getKeyNode(), path, "a key must be a string, not "
                            + Nodes.describe(tuple.getKeyNode()));
                }
                long[] child = measure(tuple.getValueNode(), childPath);
                size = saturatedAdd(size, saturatedAdd(child[0], 1));
                height = Math.max(height, child[1] + 1);
            }
        }
        open.remove(node);
        long[] result = {size, height};
        measured.put(node, result);
        return result;
    }

    private void checkTag(Node node, String path) {
        Tag tag = node.getTag();
        if (tag != null && !tag.startsWith(Tag.PREFIX)) {
            problems.add(node, path, "unsupported tag " + tag.getValue() + ": a fleet file uses plain YAML");
        }
    }

    /** Reports the smallest node that alone expands past the limit: where the bomb is. */
    private void reportBomb(Node node, String path) {
        for (Child child : children(node, path)) {
            if (measured.get(child.node())[0] > MAX_NODES) {
                reportBomb(child.node(), child.path());
                return;
            }
        }
        problems.add(node, path, "aliases expand this to more than " + MAX_NODES
                + " nodes (an alias bomb?); refused");
    }

    private void reportDepth(Node node, String path, int depth) {
        if (depth > MAX_DEPTH) {
            problems.add(node, path, "nests deeper than " + MAX_DEPTH + " levels; refused");
            return;
        }
        long height = measured.get(node)[1];
        for (Child child : children(node, path)) {
            if (measured.get(child.node())[1] == height - 1) {
                reportDepth(child.node(), child.path(), depth + 1);
                return;
            }
        }
    }

    private static java.util.List<Child> children(Node node, String path) {
        java.util.List<Child> children = new java.util.ArrayList<>();
        if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                children.add(new Child(sequence.getValue().get(i), path + "[" + i + "]"));
            }
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
                children.add(new Child(tuple.getValueNode(), Nodes.join(path, key)));
            }
        }
        return children;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private record Child(Node node, String path) {
    }
}
