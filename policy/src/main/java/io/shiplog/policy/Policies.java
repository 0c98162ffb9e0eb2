package io.shiplog.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Builds a {@link Policy} from a spec string (syntax in {@link PolicySpec} and git-writer/README.md). */
public final class Policies {

    private static final Set<String> COMMON = Set.of("exclude", "digest", "backwards");
    private static final int CACHE_SIZE = 4096;
    /** Built policies by spec: immutable, so shared. */
    private static final Cache<String, Policy> CACHE = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();

    private Policies() {
    }

    /**
     * Parses and builds; throws {@link PolicyException} naming the spec when it cannot be used. Policies are
     * immutable, so built ones are kept (up to 4096 specs) and shared.
     */
    public static Policy parse(String spec) {
        if (spec == null) {
            throw new PolicyException("empty policy spec");
        }
        // a spec that does not parse or build throws, and nothing is cached for it
        return CACHE.get(spec, text -> build(PolicySpec.parse(text)));
    }

    /** Builds a policy from a parsed spec. */
    public static Policy build(PolicySpec spec) {
        String text = spec.toString();
        boolean digest = spec.flag("digest");
        boolean backwards = spec.flag("backwards");
        return switch (spec.kind()) {
            case "semver" -> {
                spec.allowOnly(with("filter", "extract", "lenient"));
                SemverRange range = SemverRange.parse(required(spec, "a range, e.g. semver:^1.4"));
                yield new RankedPolicy(text, filter(spec, spec.option("filter").orElse(null)),
                        new TagOrder.Semver(range, spec.flag("lenient")), backwards, digest);
            }
            case "regex" -> {
                spec.allowOnly(with("extract", "order"));
                yield new RankedPolicy(text, filter(spec, required(spec, "a regex, e.g. regex:^main-")),
                        order(spec, spec.option("order").orElse("alphabetical:asc")), backwards, digest);
            }
            case "glob" -> {
                spec.allowOnly(with("order"));
                String glob = required(spec, "a pattern, e.g. glob:1.*");
                yield new RankedPolicy(text, filter(spec, TagFilter.globToRegex(glob)),
                        order(spec, spec.option("order").orElse("newest")), backwards, digest);
            }
            case "alphabetical", "numerical" -> {
                spec.allowOnly(with("filter", "extract"));
                String direction = spec.argument().isEmpty() ? "asc" : spec.argument();
                yield new RankedPolicy(text, filter(spec, spec.option("filter").orElse(null)),
                        order(spec, spec.kind() + ":" + direction), backwards, digest);
            }
            case "newest" -> {
                spec.allowOnly(with("filter", "extract"));
                noArgument(spec);
                yield new RankedPolicy(text, filter(spec, spec.option("filter").orElse(null)), new TagOrder.Newest(),
                        backwards, digest);
            }
            case "digest" -> {
                spec.allowOnly(Set.of());
                yield new DigestPinPolicy(text, spec.argument().isEmpty() ? null : spec.argument());
            }
            case "keel" -> keel(spec, digest);
            default -> throw new PolicyException("policy '" + text + "': unknown kind '" + spec.kind() + "'");
        };
    }

    /** Whether {@code spec} parses and builds; the error message otherwise. */
    public static Optional<String> validate(String spec) {
        try {
            parse(spec);
            return Optional.empty();
        } catch (PolicyException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Keel's {@code keel.sh/policy} values: glob and regexp choose the alphabetically last matching tag (with a
     * regexp group named {@code compare}, the last by that group), as Keel sorts them; force follows the newest
     * image; all, major, minor and patch are {@link KeelPolicy}.
     */
    private static Policy keel(PolicySpec spec, boolean digest) {
        spec.allowOnly(Set.of("match-tag", "match-prerelease", "exclude", "digest"));
        String text = spec.toString();
        String argument = required(spec, "all, major, minor, patch, force, glob:<pattern> or regexp:<regex>");
        String lower = argument.toLowerCase(Locale.ROOT);
        TagOrder lastAlphabetically = new TagOrder.Alphabetical(true);
        if (lower.startsWith("glob:")) {
            String glob = argument.substring(5);
            if (glob.contains(":")) {
                throw new PolicyException("policy '" + text + "': Keel glob pattern '" + glob + "' may not contain ':'");
            }
            return new RankedPolicy(text, filter(spec, TagFilter.starGlobToRegex(glob)), lastAlphabetically, false, digest);
        }
        if (lower.startsWith("regexp:") || lower.startsWith("regex:")) {
            String regex = argument.substring(argument.indexOf(':') + 1);
            String extract = regex.contains("<compare>") ? "${compare}" : null;
            BoundedRegex compiled = BoundedRegex.compile(regex, "policy '" + text + "'");
            TagFilter tags = new TagFilter(text, spec.all("exclude"), compiled, extract);
            return new RankedPolicy(text, tags, lastAlphabetically, false, digest);
        }
        return switch (lower) {
            case "force" -> spec.flag("match-tag")
                    ? new DigestPinPolicy(text, null)
                    : new RankedPolicy(text, filter(spec, null), new TagOrder.Newest(), false, digest);
            case "all", "major", "minor", "patch" -> new KeelPolicy(text, KeelPolicy.Level.valueOf(lower.toUpperCase(Locale.ROOT)),
                    !spec.option("match-prerelease").isPresent() || spec.flag("match-prerelease"), filter(spec, null), digest);
            default -> throw new PolicyException("policy '" + text + "': unknown keel policy '" + argument
                    + "'; expected all, major, minor, patch, force, glob:<pattern> or regexp:<regex>");
        };
    }

    private static TagFilter filter(PolicySpec spec, String regex) {
        String what = "policy '" + spec + "'";
        BoundedRegex compiled = regex == null ? null : BoundedRegex.compile(regex, what);
        return new TagFilter(spec.toString(), spec.all("exclude"), compiled, spec.option("extract").orElse(null));
    }

    private static TagOrder order(PolicySpec spec, String order) {
        String[] parts = order.toLowerCase(Locale.ROOT).strip().split(":", 2);
        String direction = parts.length > 1 ? parts[1].strip() : "asc";
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw new PolicyException("policy '" + spec + "': order direction '" + direction + "' must be asc or desc");
        }
        return switch (parts[0].strip()) {
            case "alphabetical" -> new TagOrder.Alphabetical(direction.equals("asc"));
            case "numerical" -> new TagOrder.Numerical(direction.equals("asc"));
            case "newest" -> new TagOrder.Newest();
            default -> throw new PolicyException("policy '" + spec + "': unknown order '" + order
                    + "'; expected alphabetical[:asc|desc], numerical[:asc|desc] or newest");
        };
    }

    private static String required(PolicySpec spec, String what) {
        if (spec.argument().isEmpty()) {
            throw new PolicyException("policy '" + spec + "': " + spec.kind() + " needs " + what);
        }
        return spec.argument();
    }

    private static void noArgument(PolicySpec spec) {
        if (!spec.argument().isEmpty()) {
            throw new PolicyException("policy '" + spec + "': " + spec.kind() + " takes no argument, got '"
                    + spec.argument() + "'");
        }
    }

    private static Set<String> with(String... more) {
        java.util.HashSet<String> all = new java.util.HashSet<>(COMMON);
        all.addAll(Set.of(more));
        return all;
    }
}
