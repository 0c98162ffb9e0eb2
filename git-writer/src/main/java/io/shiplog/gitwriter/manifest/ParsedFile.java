package io.shiplog.gitwriter.manifest;

import java.util.List;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;

/** A YAML file read by the scanner: its path, decoded text and documents, and how to locate a scalar's bytes. */
record ParsedFile(String path, YamlText text, List<YamlNode> documents) {

    /** The value slot of a scalar: exact byte span of the scalar token, with its source text. */
    ValueSlot slot(YamlNode.Scalar scalar, ValuePart part, String field) {
        String t = text.text();
        int start = text.charIndex(scalar.start());
        int end = text.charIndex(scalar.end());
        if (scalar.properties()) {
            start = skipProperties(t, start, end);
        }
        if (scalar.style() == ScalarStyle.LITERAL || scalar.style() == ScalarStyle.FOLDED) {
            int[] content = blockContent(t, start, end, scalar.value());
            start = content[0];
            end = content[1];
        }
        ScalarSpan span = new ScalarSpan(text.byteOffset(start), text.byteOffset(end), scalar.style(), t.substring(start, end));
        return new ValueSlot(part, field, scalar.line() + 1, span, scalar.value());
    }

    /** The text of the comment on the scalar's line, when nothing but flow punctuation separates them. */
    String lineComment(YamlNode.Scalar scalar) {
        String t = text.text();
        int from;
        if (scalar.style() == ScalarStyle.LITERAL || scalar.style() == ScalarStyle.FOLDED) {
            from = text.charIndex(scalar.start());
            if (scalar.properties()) {
                from = skipProperties(t, from, t.length());
            }
            from++;
            while (from < t.length() && "+-0123456789".indexOf(t.charAt(from)) >= 0) {
                from++;
            }
        } else {
            from = text.charIndex(scalar.end());
        }
        String rest = text.restOfLine(from);
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '#' && (i == 0 || Character.isWhitespace(rest.charAt(i - 1)))) {
                return rest.substring(i + 1);
            }
            if (!Character.isWhitespace(c) && c != ',' && c != ']' && c != '}') {
                return null;
            }
        }
        return null;
    }

    /** Skips {@code &anchor} and {@code !tag} properties and the blanks after them. */
    private static int skipProperties(String t, int start, int end) {
        int i = start;
        while (i < end && (t.charAt(i) == '&' || t.charAt(i) == '!')) {
            while (i < end && !Character.isWhitespace(t.charAt(i))) {
                i++;
            }
            while (i < end && Character.isWhitespace(t.charAt(i))) {
                i++;
            }
        }
        return i;
    }

    /** The one content line of a block scalar: the value without its final line break, found after the header. */
    private static int[] blockContent(String t, int start, int end, String value) {
        String content = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        int header = start;
        while (header < end && t.charAt(header) != '\n' && t.charAt(header) != '\r') {
            header++;
        }
        int at = content.isEmpty() || content.contains("\n") ? -1 : t.indexOf(content, header);
        if (at < 0 || at + content.length() > end) {
            return new int[] {start, start};
        }
        return new int[] {at, at + content.length()};
    }
}
