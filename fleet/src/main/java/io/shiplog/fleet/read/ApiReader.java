package io.shiplog.fleet.read;

import io.shiplog.fleet.ApiSpec;
import io.shiplog.fleet.Secret;
import io.shiplog.fleet.yaml.Nodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code api}: the services' bearer tokens with their roles, and the address the services bind. */
final class ApiReader {

    private static final List<String> ROLES = List.of("read", "write");
    private static final String ADDRESS_EXPECTED = "an IP address or host name of this machine to bind "
            + "(0.0.0.0 for every interface, 127.0.0.1 for this machine only)";
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");

    private ApiReader() {
    }

    static ApiSpec api(Fields top) {
        return top.mapping("api", List.of("tokens", "address")).map(api -> {
            List<ApiSpec.Token> tokens = new ArrayList<>();
            Map<String, String> seen = new HashMap<>();
            for (Fields.Item item : api.items("tokens")) {
                token(api, item, seen).ifPresent(tokens::add);
            }
            Optional<String> address = api.string("address").filter(a -> {
                String text = a.strip();
                if (IPV6.matcher(text).matches() || HOST.matcher(text).matches()) {
                    return true;
                }
                api.problem("address", "expected " + ADDRESS_EXPECTED + ", got " + Nodes.quote(a));
                return false;
            }).map(String::strip);
            return new ApiSpec(tokens, address);
        }).orElse(ApiSpec.NONE);
    }

    private static Optional<ApiSpec.Token> token(Fields api, Fields.Item item, Map<String, String> seen) {
        Fields t = Fields.open(api.context(), item.node(), item.path(), List.of("name", "token", "role"));
        Optional<String> name = t.requiredString("name", Checks.NAME_EXPECTED + " (what logs show instead of the "
                + "token)").filter(n -> {
                    if (!Checks.NAME.matcher(n).matches()) {
                        t.problem("name", "expected " + Checks.NAME_EXPECTED + ", got " + Nodes.quote(n));
                        return false;
                    }
                    String first = seen.putIfAbsent(n, item.path());
                    if (first != null) {
                        t.problem("name", "duplicate token name '" + n + "' (first at " + first + ")");
                        return false;
                    }
                    return true;
                });
        Optional<Secret> token = Optional.empty();
        if (!t.has("token")) {
            t.missing("token", "is required: a reference ${env:NAME} or ${file:/path}");
        } else {
            token = t.secret("token").filter(s -> {
                if (s.reveal().length() < ApiSpec.MIN_TOKEN_LENGTH) {
                    t.problem("token", s.reference() + " is shorter than " + ApiSpec.MIN_TOKEN_LENGTH
                            + " characters");
                    return false;
                }
                return true;
            });
        }
        Optional<ApiSpec.Role> role = t.requiredString("role", "read or write").flatMap(r -> {
            String text = r.strip().toLowerCase(Locale.ROOT);
            if (ROLES.contains(text)) {
                return Optional.of(ApiSpec.Role.valueOf(text.toUpperCase(Locale.ROOT)));
            }
            t.problem("role", "expected read or write, got " + Nodes.quote(r)
                    + Suggest.closest(r, ROLES).map(s -> " (did you mean '" + s + "'?)").orElse(""));
            return Optional.empty();
        });
        if (name.isEmpty() || token.isEmpty() || role.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ApiSpec.Token(name.get(), token.get(), role.get()));
    }
}
