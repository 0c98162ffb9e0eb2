package io.shiplog.scanner.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code WWW-Authenticate} header: the scheme and its parameters ({@code realm}, {@code service}, …). */
record BearerChallenge(String scheme, Map<String, String> parameters) {

    private static final Pattern PARAM = Pattern.compile("([A-Za-z]+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]+))");

    static Optional<BearerChallenge> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.strip();
        int space = h.indexOf(' ');
        String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (space > 0) {
            Matcher m = PARAM.matcher(h.substring(space + 1));
            while (m.find()) {
                parameters.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null
                        ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3));
            }
        }
        return Optional.of(new BearerChallenge(scheme, parameters));
    }

    boolean isBearer() {
        return scheme.equals("bearer") && parameters.containsKey("realm");
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }
}
