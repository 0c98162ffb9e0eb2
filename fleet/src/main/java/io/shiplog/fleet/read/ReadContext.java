package io.shiplog.fleet.read;

import io.shiplog.fleet.yaml.Nodes;
import io.shiplog.fleet.yaml.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * State of one load: the problems found, how references resolve ({@code ${env:NAME}} through the given environment,
 * {@code ${file:PATH}} from disk, relative paths against the fleet file's folder), and the files read.
 */
public final class ReadContext {

    /** Largest file a {@code ${file:}} reference reads. */
    static final long MAX_REFERENCED_BYTES = 1024 * 1024;

    private static final Pattern REFERENCE = Pattern.compile("^\\$\\{([A-Za-z]*):(.*)}$", Pattern.DOTALL);
    private static final Pattern LOOKS_LIKE_REFERENCE = Pattern.compile("^\\$\\{[^}]*}$");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Problems problems;
    private final Function<String, String> environment;
    private final Path baseDirectory;
    private final Set<Path> inputs = new LinkedHashSet<>();

    public ReadContext(Problems problems, Function<String, String> environment, Path baseDirectory) {
        this.problems = problems;
        this.environment = environment;
        this.baseDirectory = baseDirectory;
    }

    public Problems problems() {
        return problems;
    }

    /** Files read or looked for besides the fleet file. */
    public Set<Path> inputs() {
        return inputs;
    }

    /** A scalar's text once its reference (if any) is resolved. */
    public record Value(Node node, String path, String text, Optional<String> reference) {
    }

    /**
     * The value of a scalar node, references resolved; empty (with a problem) when the node is no scalar or its
     * reference does not resolve. {@code expected} describes the wanted value for "expected X, got a list".
     */
    public Optional<Value> scalar(Node node, String path, String expected) {
        if (!(node instanceof ScalarNode scalar)) {
            problems.add(node, path, "expected " + expected + ", got " + Nodes.describe(node));
            return Optional.empty();
        }
        String raw = scalar.getValue();
        if (!isReference(raw)) {
            return Optional.of(new Value(node, path, raw, Optional.empty()));
        }
        return resolve(scalar, path).map(text -> new Value(node, path, text, Optional.of(raw)));
    }

    /** Whether the text is (meant as) a whole-value reference {@code ${kind:…}}. */
    public static boolean isReference(String text) {
        return LOOKS_LIKE_REFERENCE.matcher(text).matches() || REFERENCE.matcher(text).matches();
    }

    private Optional<String> resolve(ScalarNode node, String path) {
        String raw = node.getValue();
        Matcher reference = REFERENCE.matcher(raw);
        if (!reference.matches()) {
            problems.add(node, path, "a reference is ${env:NAME} or ${file:/path}, not " + raw);
            return Optional.empty();
        }
        String kind = reference.group(1);
        String target = reference.group(2);
        if (kind.equals("env")) {
            if (!ENV_NAME.matcher(target).matches()) {
                problems.add(node, path, "${env:" + target + "}: expected an environment variable name");
                return Optional.empty();
            }
            String value = environment.apply(target);
            if (value == null) {
                problems.add(node, path, "environment variable " + target + " is not set");
                return Optional.empty();
            }
            return Optional.of(value);
        }
        if (kind.equals("file")) {
            return readReferencedFile(node, path, target);
        }
        problems.add(node, path, "unknown reference kind '" + kind + "': a reference is ${env:NAME} or ${file:/path}");
        return Optional.empty();
    }

    private Optional<String> readReferencedFile(ScalarNode node, String path, String target) {
        if (target.isBlank()) {
            problems.add(node, path, "${file:}: expected a file path");
            return Optional.empty();
        }
        Path file = resolvePath(target);
        inputs.add(file);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add(node, path, "${file:" + target + "}: " + shown(target, file) + " is not a readable file");
            return Optional.empty();
        }
        try {
            if (Files.size(file) > MAX_REFERENCED_BYTES) {
                problems.add(node, path, "${file:" + target + "}: " + shown(target, file) + " is larger than "
                        + MAX_REFERENCED_BYTES + " bytes");
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.endsWith("\r\n")) {
                text = text.substring(0, text.length() - 2);
            } else if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            return Optional.of(text);
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(node, path, "${file:" + target + "}: " + shown(target, file) + " cannot be read as UTF-8 text");
            return Optional.empty();
        }
    }

    /** A path from the file, relative ones against the fleet file's folder. */
    public Path resolvePath(String written) {
        return baseDirectory.resolve(written).normalize();
    }

    /** {@code /abs/path}, or {@code rel/path (/abs/rel/path)} for a relative one. */
    public static String shown(String written, Path resolved) {
        return Path.of(written).isAbsolute() ? written : written + " (" + resolved + ")";
    }

    /** A readable regular file named by the value, remembered as an input; empty with a problem otherwise. */
    public Optional<Path> readableFile(Value value) {
        Path file = resolvePath(value.text());
        inputs.add(file);
        if (Files.isDirectory(file)) {
            problems.add(value.node(), value.path(), shown(value.text(), file) + " is a directory, not a file");
            return Optional.empty();
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add(value.node(), value.path(), shown(value.text(), file) + " is not a readable file");
            return Optional.empty();
        }
        return Optional.of(file);
    }
}
