package io.shiplog.dev.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A table printed row by row while a benchmark runs, and the one summary line that ends every benchmark. */
final class BenchTable {

    private final PrintStream out;
    private final List<String> columns;
    private final int width;

    BenchTable(PrintStream out, String... columns) {
        this.out = out;
        this.columns = List.of(columns);
        this.width = Math.max(18, Arrays.stream(columns).mapToInt(String::length).max().orElse(0) + 2);
        out.println(format(this.columns));
        out.println("-".repeat(width * columns.length));
    }

    void row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("row has " + values.length + " values for " + columns.size() + " columns");
        }
        List<String> cells = new ArrayList<>();
        for (Object value : values) {
            cells.add(String.valueOf(value));
        }
        out.println(format(cells));
        out.flush();
    }

    private String format(List<String> cells) {
        return cells.stream().map(c -> String.format("%-" + width + "s", c)).collect(Collectors.joining()).stripTrailing();
    }

    /** Prints {@code <name>: key=value key=value ...}, keys in insertion order. */
    static void summary(PrintStream out, String name, LinkedHashMap<String, ?> figures) {
        out.println(name + ": " + figures.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
    }

    /** The {@code p}-th percentile of some figures (nearest rank). */
    static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** The median of some figures (the lower middle one for an even count). */
    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

}
