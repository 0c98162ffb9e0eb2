package io.shiplog.gitwriter.edit;

import io.shiplog.gitwriter.manifest.ScalarSpan;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Writes a new value in the style of the old one: single and double quotes stay, a block scalar keeps its header
 * and indentation, a plain scalar stays plain unless the new value would read as something else than a string
 * (a number, a boolean, null) while the old one read as a string, or contains characters a plain scalar cannot
 * hold; then it is double-quoted.
 */
final class ScalarWriter {

    private static final Resolver RESOLVER = new Resolver();
    private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./:@+=~-]*");

    private ScalarWriter() {
    }

    static String render(ScalarSpan span, String oldValue, String value) throws EditConflictException {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new EditConflictException("new value contains a line break: " + value);
        }
        return switch (span.style()) {
            case SINGLE_QUOTED -> "'" + value.replace("'", "''") + "'";
            case DOUBLE_QUOTED -> "\"" + escape(value) + "\"";
            case LITERAL, FOLDED -> value;
            default -> plainOrQuoted(oldValue, value);
        };
    }

    private static String plainOrQuoted(String oldValue, String value) {
        boolean safe = PLAIN_SAFE.matcher(value).matches() && !value.contains(": ") && !value.endsWith(":");
        boolean wasString = isString(oldValue);
        if (safe && (isString(value) || !wasString)) {
            return value;
        }
        return "\"" + escape(value) + "\"";
    }

    private static boolean isString(String value) {
        return Tag.STR.equals(RESOLVER.resolve(NodeId.scalar, value, true));
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
