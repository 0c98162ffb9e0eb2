package io.shiplog.fleet.read;

import io.shiplog.fleet.Secret;
import io.shiplog.fleet.read.ReadContext.Value;
import io.shiplog.fleet.yaml.Nodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The keys of one mapping of the fleet file, read by name with typed accessors. Unknown keys are problems (with a
 * suggestion) as soon as the mapping is opened; every accessor reports what it cannot use at the value's position
 * and returns empty, so reading goes on and every problem is found.
 */
public final class Fields {

    private final ReadContext context;
    private final Node node;
    private final String path;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private Fields(ReadContext context, Node node, String path) {
        this.context = context;
        this.node = node;
        this.path = path;
    }

    /** Opens a mapping; anything else is a problem and gives a mapping without keys. */
    public static Fields open(ReadContext context, Node node, String path, List<String> known) {
        Fields fields = new Fields(context, node, path);
        if (!(node instanceof MappingNode mapping)) {
            context.problems().add(node, path, "expected a mapping, got " + Nodes.describe(node));
            return fields;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                continue; // reported by NodeChecks
            }
            if (!known.contains(key.getValue())) {
                context.problems().add(key, Nodes.join(path, key.getValue()), Suggest.unknownKey(key.getValue(), known));
                continue;
            }
            fields.entries.putIfAbsent(key.getValue(), tuple);
        }
        return fields;
    }

    public ReadContext context() {
        return context;
    }

    /** The mapping itself (where problems about missing keys point). */
    public Node node() {
        return node;
    }

    public String path() {
        return path;
    }

    /** {@code path.key}. */
    public String path(String key) {
        return Nodes.join(path, key);
    }

    /** Whether the key is there with a non-null value. */
    public boolean has(String key) {
        return value(key) != null;
    }

    /** The key's value node, null when absent or null. */
    public Node value(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null || Nodes.isNull(tuple.getValueNode()) ? null : tuple.getValueNode();
    }

    /** The key's own node (for problems about the key rather than its value). */
    public Node keyNode(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? node : tuple.getKeyNode();
    }

    /** A problem at the key's value (at the mapping when absent). */
    public void problem(String key, String message) {
        Node at = value(key);
        context.problems().add(at == null ? node : at, path(key), message);
    }

    /** A problem about a key that is missing: at the enclosing mapping. */
    public void missing(String key, String message) {
        if (node instanceof MappingNode) { // else "expected a mapping" says it all
            context.problems().add(node, path(key), message);
        }
    }

    public Optional<Value> scalar(String key, String expected) {
        Node value = value(key);
        return value == null ? Optional.empty() : context.scalar(value, path(key), expected);
    }

    public Optional<String> string(String key) {
        return scalar(key, "a string").map(Value::text);
    }

    /** A string that must be there and not blank. */
    public Optional<String> requiredString(String key, String expected) {
        if (!has(key)) {
            missing(key, "is required: " + expected);
            return Optional.empty();
        }
        Optional<Value> value = scalar(key, expected);
        if (value.isPresent() && value.get().text().isBlank()) {
            problem(key, "is empty: expected " + expected);
            return Optional.empty();
        }
        return value.map(Value::text);
    }

    public Optional<Integer> integer(String key, int min, int max) {
        String expected = "an integer from " + min + " to " + max;
        return scalar(key, expected).flatMap(value -> {
            try {
                int number = Integer.parseInt(value.text().strip());
                if (number >= min && number <= max) {
                    return Optional.of(number);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(key, "expected " + expected + ", got " + Nodes.quote(value.text()));
            return Optional.empty();
        });
    }

    public boolean bool(String key, boolean absent) {
        return scalar(key, "true or false").map(value -> {
            String text = value.text().strip().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return text.equals("true");
            }
            problem(key, "expected true or false, got " + Nodes.quote(value.text()));
            return absent;
        }).orElse(absent);
    }

    /** A duration that must be positive, or may be zero when {@code zeroAllowed}; {@code absent} when missing. */
    public Duration duration(String key, Duration absent, boolean zeroAllowed) {
        return optionalDuration(key, zeroAllowed).orElse(absent);
    }

    public Optional<Duration> optionalDuration(String key, boolean zeroAllowed) {
        String expected = zeroAllowed ? Durations.EXPECTED : Durations.EXPECTED_POSITIVE;
        return scalar(key, expected).flatMap(value -> {
            Optional<Duration> duration = Durations.parse(value.text());
            if (duration.isEmpty()) {
                problem(key, "expected " + expected + ", got " + Nodes.quote(value.text()));
                return Optional.empty();
            }
            if (duration.get().isNegative() || (!zeroAllowed && duration.get().isZero())) {
                problem(key, "must be " + (zeroAllowed ? "zero or positive" : "positive") + ", got "
                        + Nodes.quote(value.text()));
                return Optional.empty();
            }
            return duration;
        });
    }

    /** A secret: must be a {@code ${env:}} or {@code ${file:}} reference; the value never appears in a problem. */
    public Optional<Secret> secret(String key) {
        Node value = value(key);
        if (value == null) {
            return Optional.empty();
        }
        return secretAt(context, value, path(key), key);
    }

    /** A secret at a node (also used for secret-looking Kafka and tuning properties). */
    public static Optional<Secret> secretAt(ReadContext context, Node value, String path, String key) {
        String expected = "a reference ${env:NAME} or ${file:/path}";
        if (!(value instanceof ScalarNode scalar)) {
            context.problems().add(value, path, "expected " + expected + ", got " + Nodes.describe(value));
            return Optional.empty();
        }
        if (!ReadContext.isReference(scalar.getValue())) {
            context.problems().add(value, path, "a secret must be " + expected + ", not an inline value");
            return Optional.empty();
        }
        return context.scalar(value, path, expected).flatMap(resolved -> {
            if (resolved.text().isEmpty()) {
                context.problems().add(value, path, resolved.reference().orElse("") + " is empty");
                return Optional.empty();
            }
            return Optional.of(new Secret(resolved.text(), resolved.reference().orElse("")));
        });
    }

    /** An item of a list with its path ({@code clusters[2]}). */
    public record Item(Node node, String path) {
    }

    /** The items of a list; absent is empty; a non-list is a problem. */
    public List<Item> items(String key) {
        Node value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof SequenceNode sequence)) {
            problem(key, "expected a list, got " + Nodes.describe(value));
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(new Item(sequence.getValue().get(i), path(key) + "[" + i + "]"));
        }
        return items;
    }

    /** A list of strings; each null or non-scalar item is a problem. */
    public List<Value> strings(String key, String expected) {
        List<Value> values = new ArrayList<>();
        for (Item item : items(key)) {
            if (Nodes.isNull(item.node())) {
                context.problems().add(item.node(), item.path(), "expected " + expected + ", got nothing");
                continue;
            }
            context.scalar(item.node(), item.path(), expected).ifPresent(values::add);
        }
        return values;
    }

    /** A nested mapping, empty when absent. */
    public Optional<Fields> mapping(String key, List<String> known) {
        Node value = value(key);
        return value == null ? Optional.empty() : Optional.of(open(context, value, path(key), known));
    }
}
