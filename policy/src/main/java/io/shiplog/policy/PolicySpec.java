package io.shiplog.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one policy spec syntax shared by markers, the watch list and the CLI:
 * {@code kind[:argument](;option=value)*}, for example {@code semver:^1.4},
 * {@code regex:^main-(?P<ts>\d+)$;extract=$ts;order=numerical:asc}, {@code glob:1.*}, {@code newest},
 * {@code digest:latest}, {@code keel:minor}. The argument and every option value run up to the next
 * {@code ;name=} whose name is a known option, so a regex may contain {@code ;}. Options may repeat
 * ({@code exclude}); kinds and option names are case-insensitive. See git-writer/README.md for every kind.
 */
public record PolicySpec(String kind, String argument, List<Option> options) {

    /** Kinds of policy. */
    public static final Set<String> KINDS = Set.of("semver", "regex", "glob", "alphabetical", "numerical", "newest",
            "digest", "keel");

    /** Option names. */
    public static final Set<String> OPTIONS = Set.of("filter", "extract", "order", "exclude", "digest", "backwards",
            "match-tag", "match-prerelease", "lenient");

    private static final Pattern OPTION_START = Pattern.compile(";\\s*(" + String.join("|",
            OPTIONS.stream().sorted((a, b) -> b.length() - a.length()).toList()) + ")\\s*=", Pattern.CASE_INSENSITIVE);

    /** One {@code name=value} option. */
    public record Option(String name, String value) {
    }

    public PolicySpec {
        options = List.copyOf(options);
    }

    /** Parses a spec; throws {@link PolicyException} naming the spec when the kind or an option is unknown. */
    public static PolicySpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new PolicyException("empty policy spec");
        }
        String text = spec.strip();
        Matcher m = OPTION_START.matcher(text);
        List<int[]> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end(), m.start(1), m.end(1)});
        }
        String head = starts.isEmpty() ? text : text.substring(0, starts.get(0)[0]);
        int colon = head.indexOf(':');
        String kind = (colon < 0 ? head : head.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        String argument = colon < 0 ? "" : head.substring(colon + 1).strip();
        if (!KINDS.contains(kind)) {
            int semi = kind.indexOf(';');
            String hint = semi >= 0 ? " (unknown option '" + kind.substring(semi + 1) + "')" : "";
            throw new PolicyException("policy '" + spec + "': unknown kind '" + kind + "'" + hint
                    + "; expected one of " + KINDS.stream().sorted().toList());
        }
        if (argument.contains(";") && !kind.equals("regex") && !kind.equals("keel") && !kind.equals("glob")) {
            throw new PolicyException("policy '" + spec + "': unknown option in '" + argument.substring(argument.indexOf(';'))
                    + "'; options are " + OPTIONS.stream().sorted().toList());
        }
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int[] s = starts.get(i);
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
            options.add(new Option(text.substring(s[2], s[3]).toLowerCase(Locale.ROOT), text.substring(s[1], end).strip()));
        }
        return new PolicySpec(kind, argument, options);
    }

    /** The last value of an option, if given. */
    public Optional<String> option(String name) {
        Optional<String> found = Optional.empty();
        for (Option o : options) {
            if (o.name().equals(name)) {
                found = Optional.of(o.value());
            }
        }
        return found;
    }

    /** Every value of a repeatable option, in order. */
    public List<String> all(String name) {
        return options.stream().filter(o -> o.name().equals(name)).map(Option::value).toList();
    }

    /** A boolean option: {@code true}/{@code false}; throws naming the spec for anything else. */
    public boolean flag(String name) {
        Optional<String> value = option(name);
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "always" -> true;
            case "false", "no", "never" -> false;
            default -> throw new PolicyException("policy '" + this + "': option " + name + "=" + value.get()
                    + " must be true or false");
        };
    }

    /** Copy with one more option appended. */
    public PolicySpec with(String name, String value) {
        List<Option> more = new ArrayList<>(options);
        more.add(new Option(name, value));
        return new PolicySpec(kind, argument, more);
    }

    /** The normalised text: {@code kind[:argument];name=value...}. Parsing it gives an equal spec. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(kind);
        if (!argument.isEmpty()) {
            out.append(':').append(argument);
        }
        for (Option o : options) {
            out.append(';').append(o.name()).append('=').append(o.value());
        }
        return out.toString();
    }

    /** Unused-option check: throws naming the spec when an option does not apply to this kind. */
    void allowOnly(Set<String> allowed) {
        for (Option o : options) {
            if (!allowed.contains(o.name())) {
                throw new PolicyException("policy '" + this + "': option '" + o.name() + "' does not apply to "
                        + kind + " (allowed: " + allowed.stream().sorted().toList() + ")");
            }
        }
    }
}
