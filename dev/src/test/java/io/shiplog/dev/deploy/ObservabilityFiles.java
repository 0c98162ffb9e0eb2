package io.shiplog.dev.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The PromQL of deploy/grafana/shiplog.json and deploy/prometheus/shiplog-alerts.yaml, and the metric names it reads.
 */
public final class ObservabilityFiles {

    public static final Path DASHBOARD = DeployFiles.ROOT.resolve("deploy/grafana/shiplog.json");
    public static final Path ALERTS = DeployFiles.ROOT.resolve("deploy/prometheus/shiplog-alerts.yaml");

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![a-zA-Z0-9_:.])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "offset", "bool", "inf", "nan");

    private ObservabilityFiles() {
    }

    /** Each dashboard panel's title with its queries (the cluster variable's query under "variable cluster"). */
    public static Map<String, List<String>> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Map<String, List<String>> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            List<String> expressions = new ArrayList<>();
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asString()));
            queries.put(panel.path("title").asString(), expressions);
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asString().equals("query")) {
                queries.put("variable " + variable.path("name").asString(),
                        List.of(variable.path("query").path("query").asString()));
            }
        }
        return queries;
    }

    /** Each alert's name with its expression. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> alertQueries() throws IOException {
        Map<String, String> alerts = new LinkedHashMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) DeployFiles.load(ALERTS).get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                alerts.put((String) rule.get("alert"), String.valueOf(rule.get("expr")));
            }
        }
        return alerts;
    }

    /**
     * The metric names a PromQL expression (or a Grafana {@code label_values(metric, label)} query) reads: what is
     * left once strings, label matchers, ranges, grouping clauses, functions and keywords are taken out.
     */
    public static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher labelValues = LABEL_VALUES.matcher(expression);
        if (labelValues.find()) {
            names.add(labelValues.group(1));
            return names;
        }
        String rest = expression.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            String name = identifier.group();
            int after = identifier.end();
            while (after < rest.length() && Character.isWhitespace(rest.charAt(after))) {
                after++;
            }
            boolean function = after < rest.length() && rest.charAt(after) == '(';
            if (!function && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }
}
