package io.shiplog.gitwriter.manifest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Sets or removes a lock annotation ({@code shiplog.io/locked: "true"}, or {@code shiplog.io/locked.<container>})
 * in one document's {@code metadata.annotations}, byte-exact: a lock inserts one line (plus an
 * {@code annotations:} line when there are none) indented like its neighbours, with the file's line ending; an
 * unlock removes exactly the lines it would have inserted. Every other byte stays. Block-style metadata only. Pure.
 */
public final class LockEditor {

    /** The annotation that locks a whole object. */
    public static final String ANNOTATION = "shiplog.io/locked";

    /** A document that cannot take the edit; the message names file position and reason. */
    public static final class LockEditException extends Exception {
        public LockEditException(String message) {
            super(message);
        }
    }

    private LockEditor() {
    }

    /** The annotation key for the whole object ({@code container} null) or one container. */
    public static String annotation(String container) {
        return container == null || container.isBlank() ? ANNOTATION : ANNOTATION + "." + container.strip();
    }

    /** The file's bytes with the lock set ({@code lock}) or removed; the same array when nothing changes. */
    public static byte[] apply(byte[] original, int documentIndex, String container, boolean lock)
            throws LockEditException {
        YamlText text;
        try {
            text = YamlText.decode(original);
        } catch (CharacterCodingException e) {
            throw new LockEditException("not UTF-8 text");
        }
        java.util.List<YamlNode> documents;
        try {
            documents = new YamlReader(ScanLimits.defaults()).read(text);
        } catch (YamlReader.YamlProblem e) {
            throw new LockEditException("line " + e.line() + ": " + e.getMessage());
        }
        if (documentIndex < 0 || documentIndex >= documents.size()
                || !(documents.get(documentIndex) instanceof YamlNode.Mapping root)) {
            throw new LockEditException("document " + documentIndex + " is not a mapping");
        }
        YamlNode.Entry metadata = entry(root, "metadata");
        if (metadata == null || !(metadata.value() instanceof YamlNode.Mapping meta) || meta.entries().isEmpty()
                || flow(text, meta)) {
            throw new LockEditException("document " + documentIndex + " has no block-style metadata mapping");
        }
        String key = annotation(container);
        YamlNode.Entry annotations = entry(meta, "annotations");
        if (annotations != null && !(annotations.value() instanceof YamlNode.Mapping)) {
            throw new LockEditException("metadata.annotations at line " + (annotations.key().line() + 1)
                    + " is not a mapping");
        }
        YamlNode.Mapping notes = annotations == null ? null : (YamlNode.Mapping) annotations.value();
        if (notes != null && (notes.entries().isEmpty() || flow(text, notes))) {
            throw new LockEditException("metadata.annotations at line " + (annotations.key().line() + 1)
                    + " is in flow style; edit it by hand");
        }
        YamlNode.Entry current = notes == null ? null : entry(notes, key);
        String t = text.text();
        if (lock) {
            if (current != null) {
                if (current.value() instanceof YamlNode.Scalar s && s.value().equals("true")) {
                    return original;
                }
                if (!(current.value() instanceof YamlNode.Scalar s)) {
                    throw new LockEditException(key + " at line " + (current.key().line() + 1) + " is not a scalar");
                }
                ValueSlot slot = new ParsedFile("", text, documents).slot(s, ValuePart.FULL, key);
                return splice(original, slot.span().start(), slot.span().end(), "\"true\"");
            }
            String eol = lineEnding(t, ((YamlNode.Scalar) meta.entries().get(0).key()).start(), text);
            if (notes != null) {
                int first = text.charIndex(notes.entries().get(0).key().start());
                int lineStart = lineStart(t, first);
                String indent = t.substring(lineStart, first);
                return splice(original, text.byteOffset(lineStart), text.byteOffset(lineStart),
                        indent + key + ": \"true\"" + eol);
            }
            int first = text.charIndex(meta.entries().get(0).key().start());
            int lineStart = lineStart(t, first);
            String indent = t.substring(lineStart, first);
            int metaKey = text.charIndex(metadata.key().start());
            int step = Math.max(2, (first - lineStart) - (metaKey - lineStart(t, metaKey)));
            return splice(original, text.byteOffset(lineStart), text.byteOffset(lineStart),
                    indent + "annotations:" + eol + indent + " ".repeat(step) + key + ": \"true\"" + eol);
        }
        if (current == null) {
            return original;
        }
        YamlNode.Entry removed = notes.entries().size() == 1 ? annotations : current;
        int from = lineStart(t, text.charIndex(removed.key().start()));
        if (!t.substring(from, text.charIndex(removed.key().start())).isBlank()) {
            throw new LockEditException(key + " at line " + (current.key().line() + 1) + " shares its line");
        }
        int end = current.value() instanceof YamlNode.Scalar s ? text.charIndex(s.end())
                : text.charIndex(current.value().start());
        int to = t.indexOf('\n', end);
        to = to < 0 ? t.length() : to + 1;
        return splice(original, text.byteOffset(from), text.byteOffset(to), "");
    }

    private static YamlNode.Entry entry(YamlNode.Mapping mapping, String key) {
        for (YamlNode.Entry e : mapping.entries()) {
            if (e.key() instanceof YamlNode.Scalar s && s.value().equals(key)) {
                return e;
            }
        }
        return null;
    }

    private static boolean flow(YamlText text, YamlNode.Mapping mapping) {
        int at = text.charIndex(mapping.start());
        return at < text.text().length() && text.text().charAt(at) == '{';
    }

    private static int lineStart(String t, int index) {
        int nl = t.lastIndexOf('\n', index - 1);
        return nl + 1;
    }

    private static String lineEnding(String t, int codePoint, YamlText text) {
        int nl = t.indexOf('\n', text.charIndex(codePoint));
        return nl > 0 && t.charAt(nl - 1) == '\r' ? "\r\n" : "\n";
    }

    private static byte[] splice(byte[] original, int from, int to, String insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(original.length + insert.length());
        out.write(original, 0, from);
        out.writeBytes(insert.getBytes(StandardCharsets.UTF_8));
        out.write(original, to, original.length - to);
        return out.toByteArray();
    }
}
