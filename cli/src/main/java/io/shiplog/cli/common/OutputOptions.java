package io.shiplog.cli.common;

import java.io.PrintWriter;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code -o table|json|yaml}: how a query command prints its answer. */
public final class OutputOptions {

    /** The formats a query prints. */
    public enum Format { TABLE, JSON, YAML }

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or yaml (default ${DEFAULT-VALUE}); json and yaml print every field.")
    Format format = Format.TABLE;

    public Format format() {
        return format;
    }

    /** Prints {@code answer} as JSON or YAML and returns true; false when the format is a table (the caller's). */
    public boolean printStructured(JsonNode answer, PrintWriter out) {
        if (format == Format.TABLE) {
            return false;
        }
        out.println(format == Format.JSON ? JSON.writeValueAsString(answer) : yaml(answer));
        out.flush();
        return true;
    }

    /** {@code answer} as block-style YAML. */
    public static String yaml(JsonNode answer) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        Object plain = JSON.treeToValue(answer, Object.class);
        return new Yaml(options).dump(plain instanceof Map<?, ?> || plain instanceof Iterable<?> ? plain
                : Map.of("value", plain)).stripTrailing();
    }

    /** {@code value} (records, maps, lists) as a JSON tree, for {@link #printStructured}. */
    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }
}
