package io.shiplog.fleet.yaml;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one YAML document into SnakeYAML nodes (with their line:column marks), safely: a size limit, UTF-8 only,
 * exactly one document, a limit on aliases, on how far aliases expand and on nesting, and no duplicate keys. Every
 * violation is a problem of the file; nothing is thrown.
 */
public final class YamlFile {

    /** Largest file read. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;
    /** Most aliases to lists or mappings in one document. */
    public static final int MAX_ALIASES = 100;

    private YamlFile() {
    }

    /** The document's root, or empty with the reasons added to {@code problems}. */
    public static Optional<Node> readDocument(Path file, Problems problems, String whatItIs) {
        Optional<String> text = readText(file, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        LoaderOptions options = options();
        ParserImpl parser = new ParserImpl(new StreamReader(text.get()), options);
        Composer composer = new Composer(parser, new Resolver(), options);
        Node root;
        try {
            if (!composer.checkNode()) {
                problems.add((Node) null, "", "is empty: expected " + whatItIs);
                return Optional.empty();
            }
            root = composer.getNode();
            if (parser.checkEvent(Event.ID.DocumentStart)) {
                problems.add(parser.peekEvent().getStartMark(), "",
                        "a second YAML document starts here; the file must hold exactly one");
                return Optional.empty();
            }
        } catch (MarkedYAMLException e) {
            problems.add(e.getProblemMark(), "", "is not valid YAML: " + describe(e));
            return Optional.empty();
        } catch (YAMLException e) {
            problems.add((Node) null, "", "is not valid YAML: " + e.getMessage());
            return Optional.empty();
        }
        if (root instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
            problems.add(root, "", "is empty: expected " + whatItIs);
            return Optional.empty();
        }
        if (!NodeChecks.check(root, problems)) {
            return Optional.empty();
        }
        if (!(root instanceof MappingNode)) {
            problems.add(root, "", "expected " + whatItIs + ", got " + Nodes.describe(root));
            return Optional.empty();
        }
        return Optional.of(root);
    }

    /** Another YAML file (a kubeconfig): its root, or a one-line reason it cannot be used. */
    public static Node readOther(Path file) throws UnusableYamlException {
        Problems problems = new Problems(file);
        Optional<Node> root = readDocument(file, problems, "a mapping");
        if (root.isEmpty()) {
            var first = problems.sorted().get(0);
            throw new UnusableYamlException("line " + first.line() + ": " + first.message());
        }
        return root.get();
    }

    private static Optional<String> readText(Path file, Problems problems) {
        try {
            if (Files.isDirectory(file)) {
                problems.add((Node) null, "", "is a directory, not a file");
                return Optional.empty();
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                problems.add((Node) null, "", "is " + size + " bytes; at most " + MAX_BYTES + " (4 MiB) are read");
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (NoSuchFileException e) {
            problems.add((Node) null, "", "cannot be read: no such file");
        } catch (CharacterCodingException e) {
            problems.add((Node) null, "", "is not UTF-8 text");
        } catch (IOException e) {
            problems.add((Node) null, "", "cannot be read: " + e.getClass().getSimpleName());
        }
        return Optional.empty();
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // NodeChecks reports them with both places
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(NodeChecks.MAX_DEPTH * 2);
        options.setCodePointLimit((int) MAX_BYTES + 1);
        options.setMergeOnCompose(true);
        options.setProcessComments(false);
        return options;
    }

    private static String describe(MarkedYAMLException e) {
        String context = e.getContext();
        String problem = e.getProblem();
        return (context == null || context.isBlank() ? "" : context + ": ") + (problem == null ? "" : problem);
    }

    /** A YAML file other than the fleet file that cannot be used. */
    public static final class UnusableYamlException extends Exception {
        public UnusableYamlException(String message) {
            super(message);
        }
    }
}
