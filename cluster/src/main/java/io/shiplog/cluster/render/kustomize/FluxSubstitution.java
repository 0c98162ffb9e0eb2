package io.shiplog.cluster.render.kustomize;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flux's {@code postBuild.substitute} on kustomize's output, document by document: {@code ${name}} and the defaults
 * {@code ${name:=value}}, {@code ${name:-value}}, {@code ${name=value}}, {@code ${name-value}}; an unset variable
 * without default becomes empty, {@code $${name}} stays {@code ${name}}, and a document labelled or annotated
 * {@code kustomize.toolkit.fluxcd.io/substitute: disabled} is left as it is.
 */
final class FluxSubstitution {

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([^}]*))?}");
    private static final Pattern DISABLED = Pattern.compile(
            "kustomize\\.toolkit\\.fluxcd\\.io/substitute:\\s*[\"']?disabled");

    private FluxSubstitution() {
    }

    static byte[] apply(byte[] output, Map<String, String> variables) {
        String text = new String(output, StandardCharsets.UTF_8);
        StringBuilder result = new StringBuilder();
        for (String document : text.split("(?m)(?=^---\\s*$)")) {
            result.append(DISABLED.matcher(document).find() ? document : substitute(document, variables));
        }
        return result.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String substitute(String text, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (!matcher.group(1).isEmpty()) {
                replacement = matcher.group().substring(1);
            } else {
                String value = variables.get(matcher.group(2));
                String operator = matcher.group(3);
                boolean useDefault = operator != null && (value == null || (operator.startsWith(":")
                        && value.isEmpty()));
                replacement = useDefault ? matcher.group(4) : value == null ? "" : value;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
