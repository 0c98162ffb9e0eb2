package io.shiplog.fleet.read;

import io.shiplog.fleet.Secret;
import io.shiplog.fleet.TuningBinder;
import io.shiplog.fleet.TuningSection;
import io.shiplog.fleet.TuningValues;
import io.shiplog.fleet.yaml.Nodes;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code tuning}: each section flattened to Spring property names, secret-looking keys as references, and,
 * when a {@link TuningSection} claims the section, bound and validated with every failure placed at its line.
 */
final class TuningReader {

    private static final Pattern PLAIN_ELEMENT = Pattern.compile("[A-Za-z0-9-]+");

    private TuningReader() {
    }

    /** Where a flattened property came from. */
    private record Origin(Node key, Node value, String path, boolean secret, String text) {
    }

    static Map<String, TuningValues> tuning(Fields top, Map<String, TuningSection<?>> sections) {
        Map<String, TuningValues> tuning = new TreeMap<>();
        top.mapping("tuning", TuningSection.KEYS).ifPresent(t -> {
            for (String key : TuningSection.KEYS) {
                Node node = t.value(key);
                if (node == null) {
                    continue;
                }
                if (!(node instanceof MappingNode)) {
                    t.problem(key, "expected a mapping of " + key + " settings, got " + Nodes.describe(node));
                    continue;
                }
                TuningSection<?> section = sections.get(key);
                String prefix = section == null ? TuningSection.defaultPrefix(key) : section.prefix();
                Map<String, String> plain = new LinkedHashMap<>();
                Map<String, Secret> secrets = new LinkedHashMap<>();
                Map<ConfigurationPropertyName, Origin> origins = new HashMap<>();
                flatten(t.context(), node, t.path(key), "", plain, secrets, origins, prefix);
                TuningValues values = new TuningValues(key, prefix, plain, secrets);
                if (section != null) {
                    report(t, key, node, section, values, origins);
                }
                tuning.put(key, values);
            }
        });
        return tuning;
    }

    private static void flatten(ReadContext context, Node node, String path, String name, Map<String, String> plain,
                                Map<String, Secret> secrets, Map<ConfigurationPropertyName, Origin> origins,
                                String prefix) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    continue;
                }
                String key = keyNode.getValue();
                String element = PLAIN_ELEMENT.matcher(key).matches() ? key : "[" + key + "]";
                String child = name.isEmpty() ? element : name + (element.startsWith("[") ? "" : ".") + element;
                Node value = tuple.getValueNode();
                String childPath = Nodes.join(path, key);
                remember(origins, prefix, child, new Origin(keyNode, value, childPath, false, null));
                if (SectionsReader.isSecretKey(key) && value instanceof ScalarNode && !Nodes.isNull(value)) {
                    Fields.secretAt(context, value, childPath, key).ifPresent(secret -> {
                        secrets.put(child, secret);
                        remember(origins, prefix, child, new Origin(keyNode, value, childPath, true, null));
                    });
                } else {
                    flattenValue(context, value, keyNode, childPath, child, plain, secrets, origins, prefix);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Node item = sequence.getValue().get(i);
                String child = name + "[" + i + "]";
                flattenValue(context, item, item, path + "[" + i + "]", child, plain, secrets, origins, prefix);
            }
        }
    }

    private static void flattenValue(ReadContext context, Node value, Node keyNode, String path, String name,
                                     Map<String, String> plain, Map<String, Secret> secrets,
                                     Map<ConfigurationPropertyName, Origin> origins, String prefix) {
        if (Nodes.isNull(value)) {
            return;
        }
        if (value instanceof ScalarNode) {
            context.scalar(value, path, "a value").ifPresent(v -> {
                plain.put(name, v.text());
                remember(origins, prefix, name, new Origin(keyNode, value, path, false, v.text()));
            });
        } else {
            flatten(context, value, path, name, plain, secrets, origins, prefix);
        }
    }

    private static void remember(Map<ConfigurationPropertyName, Origin> origins, String prefix, String name,
                                 Origin origin) {
        try {
            origins.put(ConfigurationPropertyName.adapt(prefix + "." + name, '.'), origin);
        } catch (RuntimeException e) {
            // a name Spring cannot take; the binder reports it as unknown, at the section
        }
    }

    private static void report(Fields t, String key, Node sectionNode, TuningSection<?> section, TuningValues values,
                               Map<ConfigurationPropertyName, Origin> origins) {
        List<String> known = Arrays.stream(section.type().isRecord() ? section.type().getRecordComponents()
                : new RecordComponent[0]).map(RecordComponent::getName).toList();
        java.util.Set<String> misshapen = checkShapes(t, (MappingNode) sectionNode, section);
        Map<String, String> checked = new java.util.TreeMap<>(values.withPrefix());
        checked.keySet().removeIf(name -> misshapen.stream().anyMatch(bad -> name.equals(section.prefix() + "." + bad)
                || name.startsWith(section.prefix() + "." + bad + ".") || name.startsWith(section.prefix() + "." + bad + "[")));
        for (TuningBinder.Issue issue : TuningBinder.check(section, checked)) {
            Optional<Origin> origin = find(origins, issue.name());
            String path = origin.map(Origin::path).orElseGet(() -> pathOf(t.path(key), section.prefix(), issue.name()));
            Node at = origin.map(o -> issue.kind() == TuningBinder.Kind.UNKNOWN_KEY ? o.key() : o.value())
                    .orElse(sectionNode);
            String shown = origin.filter(o -> !o.secret() && o.text() != null).map(o -> ", got " + Nodes.quote(o.text()))
                    .orElse("");
            String message = switch (issue.kind()) {
                case UNKNOWN_KEY -> Suggest.unknownKey(lastElement(path), known.isEmpty() ? List.of("(none)") : known);
                case BAD_VALUE -> "expected " + issue.text() + shown;
                case CONSTRAINT -> issue.text() + shown;
            };
            t.context().problems().add(at, path, message);
        }
    }

    /** A list or mapping given for a plain value (a number, a duration, a string): a problem, left out of binding. */
    private static java.util.Set<String> checkShapes(Fields t, MappingNode section, TuningSection<?> tuningSection) {
        java.util.Set<String> misshapen = new java.util.HashSet<>();
        if (!tuningSection.type().isRecord()) {
            return misshapen;
        }
        for (NodeTuple tuple : section.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode) || tuple.getValueNode() instanceof ScalarNode) {
                continue;
            }
            String wanted = keyNode.getValue().replace("-", "").toLowerCase(java.util.Locale.ROOT);
            for (RecordComponent component : tuningSection.type().getRecordComponents()) {
                Class<?> type = component.getType();
                boolean plain = type.isPrimitive() || type.isEnum() || CharSequence.class.isAssignableFrom(type)
                        || Number.class.isAssignableFrom(type) || type == Boolean.class
                        || type.getName().startsWith("java.time.") || type.getSimpleName().equals("DataSize");
                if (plain && component.getName().toLowerCase(java.util.Locale.ROOT).equals(wanted)) {
                    t.context().problems().add(tuple.getValueNode(), Nodes.join(t.path(tuningSection.key()),
                            keyNode.getValue()), "expected " + TuningBinder.expected(type) + ", got "
                            + Nodes.describe(tuple.getValueNode()));
                    misshapen.add(keyNode.getValue());
                }
            }
        }
        return misshapen;
    }

    private static Optional<Origin> find(Map<ConfigurationPropertyName, Origin> origins, ConfigurationPropertyName name) {
        for (ConfigurationPropertyName n = name; n != null && !n.isEmpty(); n = n.getParent()) {
            Origin origin = origins.get(n);
            if (origin != null) {
                return Optional.of(origin);
            }
        }
        return Optional.empty();
    }

    private static String pathOf(String sectionPath, String prefix, ConfigurationPropertyName name) {
        if (name == null) {
            return sectionPath;
        }
        String full = name.toString();
        return full.startsWith(prefix + ".") ? sectionPath + "." + full.substring(prefix.length() + 1) : sectionPath;
    }

    private static String lastElement(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
