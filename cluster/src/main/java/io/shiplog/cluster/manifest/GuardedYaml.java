package io.shiplog.cluster.manifest;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The one way Shiplog reads YAML from a config repository (manifests, Helm values, files inside Secrets): safe
 * construction, no duplicate keys, few aliased collections and bounded nesting and size (no YAML bomb gets through),
 * and no implicit timestamps ({@code 2024-01-01} stays a string, as Kubernetes and Helm read it). Errors are described
 * by problem and position only, never with the document's content.
 */
public final class GuardedYaml {

    private static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
    private static final int MAX_NESTING_DEPTH = 100;

    private GuardedYaml() {
    }

    /** A parser reading at most {@code codePoints} (not thread-safe: one per use or per thread). */
    public static Yaml parser(int codePoints) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(codePoints);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new NoTimestamps());
    }

    /** The problem and its position, without the snippet of the document snakeyaml adds to its message. */
    public static String describe(YAMLException e) {
        if (e instanceof MarkedYAMLException marked) {
            Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
            String problem = marked.getProblem() != null ? marked.getProblem() : marked.getContext();
            return (problem == null ? "syntax error" : problem.strip())
                    + (mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1));
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.contains("aliases") ? line + " (a YAML bomb?)" : line;
    }

    /** The standard resolver without implicit timestamps. */
    private static final class NoTimestamps extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first);
            }
        }

        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }
}
