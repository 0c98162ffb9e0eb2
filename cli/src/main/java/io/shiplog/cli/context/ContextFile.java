package io.shiplog.cli.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The CLI's context file ({@code ~/.shiplog/config}, or {@code SHIPLOG_CONFIG} when that names a context file rather
 * than a fleet file): contexts like kubeconfig's and the {@code current-context}. A missing file is an empty one.
 *
 * @param path           where it is
 * @param currentContext the context used when none is named
 * @param contexts       every context, in file order
 */
public record ContextFile(Path path, Optional<String> currentContext, List<ShiplogContext> contexts) {

    private static final Set<String> TOP = Set.of("current-context", "contexts");
    private static final Set<String> CONTEXT = Set.of("name", "user", "kafka", "audit", "services");
    private static final Set<String> KAFKA = Set.of("bootstrap-servers", "schema-registry", "properties");
    private static final Set<String> AUDIT = Set.of("url", "token");
    private static final Pattern CURRENT = Pattern.compile("(?m)^current-context:.*$");

    public ContextFile {
        contexts = List.copyOf(contexts);
    }

    /**
     * Where the context file is: {@code explicit} when given, else {@code SHIPLOG_CONFIG} when it names a context file
     * (a YAML with top-level {@code contexts}), else {@code ~/.shiplog/config}.
     */
    public static Path locate(Path explicit, Function<String, String> environment) {
        if (explicit != null) {
            return explicit;
        }
        String configured = environment.apply("SHIPLOG_CONFIG");
        if (configured != null && !configured.isBlank() && isContextFile(Path.of(configured))) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".shiplog", "config");
    }

    /** Whether {@code file} is a context file (and not, say, the fleet file {@code SHIPLOG_CONFIG} also names). */
    public static boolean isContextFile(Path file) {
        try {
            return Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).lines()
                    .anyMatch(line -> line.startsWith("contexts:"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads {@code file}; a missing file has no context. */
    public static ContextFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new ContextFile(file, Optional.empty(), List.of());
        } catch (IOException e) {
            throw new IllegalArgumentException("context file " + file + " cannot be read (" + e.getClass()
                    .getSimpleName() + ")");
        }
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            // SnakeYAML's message may quote a line (a secret): only where it failed is shown
            throw new IllegalArgumentException("context file " + file + " is not valid YAML"
                    + (e instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null
                    ? " (line " + (marked.getProblemMark().getLine() + 1) + ")" : ""));
        }
        if (root == null) {
            return new ContextFile(file, Optional.empty(), List.of());
        }
        Map<String, Object> top = map(root, file + "", TOP);
        List<ShiplogContext> contexts = new ArrayList<>();
        Object list = top.get("contexts");
        if (list != null && !(list instanceof List<?>)) {
            throw new IllegalArgumentException(file + ": contexts must be a list");
        }
        int index = 0;
        for (Object entry : list == null ? List.of() : (List<?>) list) {
            contexts.add(context(entry, file + ": contexts[" + index++ + "]"));
        }
        Set<String> names = new java.util.HashSet<>();
        contexts.forEach(c -> {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException(file + ": context " + c.name() + " is defined twice");
            }
        });
        return new ContextFile(file, Optional.ofNullable(string(top.get("current-context"), file
                + ": current-context")), contexts);
    }

    /** The context named {@code name}, or else the current one; empty when neither is set. */
    public Optional<ShiplogContext> select(String name) {
        String wanted = name != null && !name.isBlank() ? name : currentContext.orElse(null);
        if (wanted == null) {
            return Optional.empty();
        }
        return Optional.of(named(wanted).orElseThrow(() -> new IllegalArgumentException("no context named '" + wanted
                + "' in " + path + " (" + (name != null && !name.isBlank() ? "--context" : "current-context")
                + "); it has " + contexts.stream().map(ShiplogContext::name).toList())));
    }

    public Optional<ShiplogContext> named(String name) {
        return contexts.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Makes {@code name} the current context, rewriting only the {@code current-context} line of the file. */
    public void useContext(String name) {
        if (named(name).isEmpty()) {
            throw new IllegalArgumentException("no context named '" + name + "' in " + path + "; it has "
                    + contexts.stream().map(ShiplogContext::name).toList());
        }
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            String line = "current-context: " + name;
            Matcher current = CURRENT.matcher(text);
            String updated = current.find() ? current.replaceFirst(Matcher.quoteReplacement(line))
                    : line + "\n" + text;
            Files.writeString(path, updated, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + path + ": " + e.getMessage());
        }
    }

    private static ShiplogContext context(Object entry, String where) {
        Map<String, Object> c = map(entry, where, CONTEXT);
        String name = string(c.get("name"), where + ".name");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(where + " needs a name");
        }
        String at = where.substring(0, where.indexOf(':')) + ": context " + name;
        Map<String, Object> kafka = c.get("kafka") == null ? Map.of() : map(c.get("kafka"), at + ".kafka", KAFKA);
        Map<String, Object> audit = c.get("audit") == null ? Map.of() : map(c.get("audit"), at + ".audit", AUDIT);
        Map<String, String> properties = strings(kafka.get("properties"), at + ".kafka.properties");
        Optional<String> token = Optional.ofNullable(string(audit.get("token"), at + ".audit.token"));
        if (token.isPresent() && !SecretReference.isReference(token.get())) {
            throw new IllegalArgumentException(at + ".audit.token must be a reference, env:NAME or file:PATH, not "
                    + "the token itself (its value is not shown)");
        }
        return new ShiplogContext(name, Optional.ofNullable(string(c.get("user"), at + ".user")),
                Optional.ofNullable(string(kafka.get("bootstrap-servers"), at + ".kafka.bootstrap-servers")),
                Optional.ofNullable(string(kafka.get("schema-registry"), at + ".kafka.schema-registry")),
                properties, Optional.ofNullable(string(audit.get("url"), at + ".audit.url")), token,
                strings(c.get("services"), at + ".services"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where, Set<String> known) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + " must be a mapping");
        }
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(where + " has an unknown key '" + key + "' (known: "
                        + new java.util.TreeSet<>(known) + ")");
            }
        }
        return (Map<String, Object>) map;
    }

    private static Map<String, String> strings(Object value, String where) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + " must be a mapping of names to values");
        }
        Map<String, String> strings = new LinkedHashMap<>();
        map.forEach((k, v) -> strings.put(String.valueOf(k), string(v, where + "." + k)));
        return strings;
    }

    private static String string(Object value, String where) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new IllegalArgumentException(where + " must be a single value");
        }
        return String.valueOf(value);
    }
}
