package io.shiplog.cluster.render.helm;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
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
 * Reads Helm values (a YAML mapping) with the limits that stop YAML bombs: few aliased collections, bounded nesting
 * and size. Messages give the problem and position, never the content (values may come from a Secret).
 */
final class ValuesYaml {

    private static final Gson GSON = new Gson();
    private static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
    private static final int MAX_NESTING_DEPTH = 100;
    private static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private ValuesYaml() {
    }

    /** The mapping in {@code text} (empty text: an empty mapping); {@link IllegalArgumentException} otherwise. */
    static JsonObject parseMapping(String text, String what) {
        Object document;
        try {
            document = yaml(MAX_CODE_POINTS).load(text);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(what + " is not valid YAML: " + describe(e));
        }
        if (document == null) {
            return new JsonObject();
        }
        JsonElement json = GSON.toJsonTree(document);
        if (json == null || json instanceof JsonNull) {
            return new JsonObject();
        }
        if (!json.isJsonObject()) {
            throw new IllegalArgumentException(what + " is not a YAML mapping");
        }
        return json.getAsJsonObject();
    }

    /** A parser with the bomb limits and no implicit timestamps, reading at most {@code codePoints}. */
    static Yaml yaml(int codePoints) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(codePoints);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new NoTimestamps());
    }

    /** The problem and its position, without the snippet of the document snakeyaml adds to its message. */
    static String describe(YAMLException e) {
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

    /** The standard resolver without implicit timestamps: Helm reads {@code 2024-01-01} as a string. */
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
