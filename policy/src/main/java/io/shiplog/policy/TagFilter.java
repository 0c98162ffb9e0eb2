package io.shiplog.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Which tags a policy looks at and the key it orders them by: tags matching an exclusion are dropped, then a tag
 * must match the filter (regex, unanchored, or glob, whole tag), and the key is the tag or, with {@code extract},
 * the template expanded against the first match (Go's {@code Regexp.Expand}: {@code $name}, {@code ${name}},
 * {@code $1}, {@code $$}; an unknown group expands to the empty string).
 */
final class TagFilter {

    /** Cosign signatures, attestations and SBOMs: never deployable images (checked as suffixes, same meaning). */
    static final List<String> DEFAULT_EXCLUSIONS = List.of("^.*\\.sig$", "^.*\\.att$", "^.*\\.sbom$");

    private final String spec;
    private final List<BoundedRegex> exclusions;
    private final BoundedRegex filter;
    private final String extract;

    TagFilter(String spec, List<String> extraExclusions, BoundedRegex filter, String extract) {
        this.spec = spec;
        List<BoundedRegex> all = new ArrayList<>();
        for (String e : extraExclusions) {
            all.add(BoundedRegex.compile(e, "policy '" + spec + "' exclusion"));
        }
        this.exclusions = List.copyOf(all);
        this.filter = filter;
        this.extract = extract;
        if (extract != null && filter == null) {
            throw new PolicyException("policy '" + spec + "': extract needs a filter regex");
        }
    }

    boolean extracts() {
        return extract != null;
    }

    /** The ordering key of {@code tag}, empty when the tag is excluded or does not match. */
    Optional<String> key(String tag) {
        if (tag.endsWith(".sig") || tag.endsWith(".att") || tag.endsWith(".sbom")) {
            return Optional.empty();
        }
        for (BoundedRegex exclusion : exclusions) {
            if (exclusion.find(tag, "policy '" + spec + "' exclusion")) {
                return Optional.empty();
            }
        }
        if (filter == null) {
            return Optional.of(tag);
        }
        String what = "policy '" + spec + "'";
        try {
            Matcher m = filter.matcher(tag);
            if (!m.find()) {
                return Optional.empty();
            }
            return Optional.of(extract == null ? tag : expand(m, extract));
        } catch (BoundedRegex.BudgetExceeded | StackOverflowError e) {
            throw filter.exceeded(tag, what);
        }
    }

    static String expand(Matcher m, String template) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = template.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (next == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close + 1;
            } else {
                end = i + 1;
                while (end < template.length() && (Character.isLetterOrDigit(template.charAt(end)) || template.charAt(end) == '_')) {
                    end++;
                }
                name = template.substring(i + 1, end);
                if (name.isEmpty()) {
                    out.append(c);
                    i++;
                    continue;
                }
            }
            out.append(group(m, name));
            i = end;
        }
        return out.toString();
    }

    private static String group(Matcher m, String name) {
        String value;
        try {
            value = name.chars().allMatch(Character::isDigit) ? m.group(Integer.parseInt(name)) : m.group(name);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            value = null;
        }
        return value == null ? "" : value;
    }

    /** A Flux v1 glob: {@code *} any run of characters, {@code ?} one character, the rest literal; whole tag. */
    static String globToRegex(String glob) {
        StringBuilder out = new StringBuilder("^");
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    out.append(java.util.regex.Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                out.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            out.append(java.util.regex.Pattern.quote(literal.toString()));
        }
        return out.append('$').toString();
    }

    /** A Keel glob ({@code ryanuber/go-glob}): only {@code *} is a wildcard, the rest literal; whole tag. */
    static String starGlobToRegex(String glob) {
        StringBuilder out = new StringBuilder("^");
        String[] literals = glob.split("\\*", -1);
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                out.append(".*");
            }
            if (!literals[i].isEmpty()) {
                out.append(java.util.regex.Pattern.quote(literals[i]));
            }
        }
        return out.append('$').toString();
    }
}
