package io.shiplog.gitwriter.manifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads every document of a YAML stream into {@link YamlNode} trees from snakeyaml's low-level parser events (no
 * composing, no construction, so no object is ever instantiated). Limits: nesting depth and the number of aliases
 * to collections per document, as snakeyaml's own loader enforces them against YAML bombs.
 */
final class YamlReader {

    /** A YAML problem at a 1-based line. */
    static final class YamlProblem extends Exception {
        private final int line;

        YamlProblem(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private final ScanLimits limits;
    private Parser parser;
    private Map<String, YamlNode> anchors;
    private int collectionAliases;

    YamlReader(ScanLimits limits) {
        this.limits = limits;
    }

    List<YamlNode> read(YamlText text) throws YamlProblem {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(limits.maxAliasesForCollections());
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, Math.max(1, limits.maxFileBytes())));
        parser = new ParserImpl(new StreamReader(text.text()), options);
        List<YamlNode> documents = new ArrayList<>();
        try {
            while (true) {
                Event event = parser.getEvent();
                switch (event.getEventId()) {
                    case StreamStart, DocumentEnd -> {
                    }
                    case DocumentStart -> {
                        anchors = new HashMap<>();
                        collectionAliases = 0;
                        documents.add(node(parser.getEvent(), 0));
                    }
                    case StreamEnd -> {
                        return documents;
                    }
                    default -> throw new YamlProblem(line(event.getStartMark()), "unexpected " + event.getEventId());
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new YamlProblem(line(mark), "invalid YAML: " + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
        } catch (YAMLException e) {
            throw new YamlProblem(0, "invalid YAML: " + firstLine(e.getMessage()));
        }
    }

    private YamlNode node(Event event, int depth) throws YamlProblem {
        if (depth > limits.maxNestingDepth()) {
            throw new YamlProblem(line(event.getStartMark()), "nesting deeper than " + limits.maxNestingDepth() + " levels");
        }
        int start = event.getStartMark().getIndex();
        int line = event.getStartMark().getLine();
        YamlNode node;
        if (event instanceof ScalarEvent s) {
            node = new YamlNode.Scalar(s.getValue(), s.getScalarStyle(), start,
                    s.getAnchor() != null || s.getTag() != null, s.getEndMark().getIndex(), line, s.getEndMark().getLine());
        } else if (event instanceof AliasEvent a) {
            YamlNode target = anchors.get(a.getAnchor());
            if (target == null) {
                throw new YamlProblem(line + 1, "alias *" + a.getAnchor() + " refers to no anchor");
            }
            if (!(target instanceof YamlNode.Scalar) && ++collectionAliases > limits.maxAliasesForCollections()) {
                throw new YamlProblem(line + 1, "more than " + limits.maxAliasesForCollections()
                        + " aliases to collections in one document (YAML bomb?)");
            }
            return new YamlNode.Alias(a.getAnchor(), target, start, line);
        } else if (event instanceof MappingStartEvent) {
            List<YamlNode.Entry> entries = new ArrayList<>();
            YamlNode.Mapping mapping = new YamlNode.Mapping(entries, start, line);
            register(event, mapping);
            while (!parser.checkEvent(Event.ID.MappingEnd)) {
                YamlNode key = node(parser.getEvent(), depth + 1);
                YamlNode value = node(parser.getEvent(), depth + 1);
                entries.add(new YamlNode.Entry(key, value));
            }
            parser.getEvent();
            return mapping;
        } else if (event instanceof SequenceStartEvent) {
            List<YamlNode> items = new ArrayList<>();
            YamlNode.Sequence sequence = new YamlNode.Sequence(items, start, line);
            register(event, sequence);
            while (!parser.checkEvent(Event.ID.SequenceEnd)) {
                items.add(node(parser.getEvent(), depth + 1));
            }
            parser.getEvent();
            return sequence;
        } else {
            throw new YamlProblem(line + 1, "unexpected " + event.getEventId());
        }
        register(event, node);
        return node;
    }

    private void register(Event event, YamlNode node) {
        if (event instanceof NodeEvent n && n.getAnchor() != null) {
            anchors.put(n.getAnchor(), node);
        }
    }

    private static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
