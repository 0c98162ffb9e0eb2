package io.shiplog.fleet.read;

import io.shiplog.fleet.AuditSpec;
import io.shiplog.fleet.ImageSpec;
import io.shiplog.fleet.KafkaSpec;
import io.shiplog.fleet.RegistryAuthSpec;
import io.shiplog.fleet.RegistrySpec;
import io.shiplog.fleet.Secret;
import io.shiplog.fleet.WebhooksSpec;
import io.shiplog.fleet.read.ReadContext.Value;
import io.shiplog.fleet.yaml.Nodes;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads {@code kafka}, {@code registries}, {@code images}, {@code webhooks} and {@code audit}. */
final class SectionsReader {

    private static final Pattern BOOTSTRAP_SERVER = Pattern.compile("[A-Za-z0-9.-]+:[0-9]{1,5}|\\[[0-9A-Fa-f:.]+]:[0-9]{1,5}");
    private static final Pattern SECRET_PROPERTY = Pattern.compile(".*(password|secret|jaas|token|credentials|user\\.info).*");
    /** Keys that name how or where a secret is found, not the secret (basic.auth.credentials.source, …url). */
    private static final Pattern ABOUT_A_SECRET = Pattern.compile(".*\\.(source|url|class|type|location|mechanism)");

    private SectionsReader() {
    }

    /** Whether a property (Kafka client or tuning) names a secret by its key. */
    static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_PROPERTY.matcher(lower).matches() && !ABOUT_A_SECRET.matcher(lower).matches();
    }

    static Optional<KafkaSpec> kafka(Fields top) {
        return top.mapping("kafka", List.of("bootstrapServers", "schemaRegistry", "properties")).map(kafka -> {
            Optional<String> servers = kafka.requiredString("bootstrapServers", "host:port[,host:port…]");
            servers.ifPresent(text -> {
                for (String server : text.split(",", -1)) {
                    if (!BOOTSTRAP_SERVER.matcher(server.strip()).matches()) {
                        kafka.problem("bootstrapServers", "expected host:port[,host:port…], got "
                                + Nodes.quote(server.strip()));
                        break;
                    }
                }
            });
            Optional<URI> registry = kafka.string("schemaRegistry")
                    .flatMap(url -> httpUrl(kafka, "schemaRegistry", url, "give them in properties "
                            + "(basic.auth.user.info, by reference)"));
            Map<String, String> plain = new LinkedHashMap<>();
            Map<String, Secret> secret = new LinkedHashMap<>();
            Node properties = kafka.value("properties");
            if (properties != null) {
                flattenProperties(kafka.context(), properties, kafka.path("properties"), "", plain, secret);
            }
            for (String reserved : List.of("bootstrap.servers", "schema.registry.url")) {
                if (plain.containsKey(reserved)) {
                    kafka.problem("properties", reserved + " is set by kafka."
                            + (reserved.startsWith("bootstrap") ? "bootstrapServers" : "schemaRegistry"));
                }
            }
            return new KafkaSpec(servers.orElse(""), registry, plain, secret);
        });
    }

    private static void flattenProperties(ReadContext context, Node node, String path, String prefix,
                                          Map<String, String> plain, Map<String, Secret> secret) {
        if (!(node instanceof MappingNode mapping)) {
            context.problems().add(node, path, "expected a mapping of Kafka client properties, got "
                    + Nodes.describe(node));
            return;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                continue;
            }
            String key = prefix + keyNode.getValue();
            String keyPath = Nodes.join(path, keyNode.getValue());
            Node value = tuple.getValueNode();
            if (value instanceof MappingNode) {
                flattenProperties(context, value, keyPath, key + ".", plain, secret);
            } else if (Nodes.isNull(value)) {
                context.problems().add(keyNode, keyPath, "has no value");
            } else if (isSecretKey(key)) {
                Fields.secretAt(context, value, keyPath, keyNode.getValue()).ifPresent(s -> secret.put(key, s));
            } else {
                context.scalar(value, keyPath, "a property value").ifPresent(v -> plain.put(key, v.text()));
            }
        }
    }

    private static Optional<URI> httpUrl(Fields fields, String key, String text, String credentialsHint) {
        Optional<String> problem = Checks.httpUrlProblem(text, credentialsHint);
        if (problem.isPresent()) {
            fields.problem(key, problem.get());
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(text));
        } catch (IllegalArgumentException e) {
            fields.problem(key, "is not a valid URL: " + Nodes.quote(Checks.masked(text)));
            return Optional.empty();
        }
    }

    static List<RegistrySpec> registries(Fields top) {
        List<RegistrySpec> registries = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Fields.Item item : top.items("registries")) {
            Fields r = Fields.open(top.context(), item.node(), item.path(), List.of("host", "url", "username",
                    "password", "pageSize", "concurrency", "dockerConfig", "auth"));
            Optional<String> host = r.requiredString("host", "a registry host as in image names (ghcr.io, "
                    + "registry.local:5000)");
            if (host.isPresent() && !validHost(host.get())) {
                r.problem("host", "expected a registry host[:port] as in image names (ghcr.io, registry.local:5000), "
                        + "got " + Nodes.quote(host.get()));
                host = Optional.empty();
            }
            host.ifPresent(h -> {
                String first = seen.putIfAbsent(h.toLowerCase(Locale.ROOT), item.path());
                if (first != null) {
                    r.problem("host", "duplicate registry host (first at " + first + ")");
                }
            });
            Optional<URI> url = r.string("url").flatMap(text -> httpUrl(r, "url", text,
                    "give them in username and password"));
            Optional<String> username = r.string("username").filter(u -> !u.isEmpty());
            Optional<Secret> password = r.secret("password");
            if (r.has("username") && !r.has("password")) {
                r.missing("password", "is required with username (a reference ${env:NAME} or ${file:/path})");
            } else if (r.has("password") && !r.has("username")) {
                r.missing("username", "is required with password");
            }
            Optional<Path> dockerConfig = r.scalar("dockerConfig", "a path to a Docker config.json")
                    .flatMap(r.context()::readableFile);
            if (r.has("dockerConfig") && (r.has("username") || r.has("password"))) {
                r.problem("dockerConfig", "give either username and password or dockerConfig, not both");
            }
            Optional<RegistryAuthSpec> auth = r.mapping("auth", AUTH_KEYS).flatMap(SectionsReader::registryAuth);
            if (r.has("auth") && (r.has("username") || r.has("password") || r.has("dockerConfig"))) {
                r.problem("auth", "give either auth or username and password or dockerConfig, not two of them");
            }
            int pageSize = r.integer("pageSize", 1, 10_000).orElse(RegistrySpec.DEFAULT_PAGE_SIZE);
            int concurrency = r.integer("concurrency", 1, 256).orElse(RegistrySpec.DEFAULT_CONCURRENCY);
            String h = host.orElse("");
            registries.add(new RegistrySpec(h, url.orElseGet(() -> defaultUrl(h)), username, password, pageSize,
                    concurrency, dockerConfig, auth));
        }
        return registries;
    }

    private static final List<String> AUTH_KEYS = List.of("provider", "region", "endpoint", "keyFile", "tenant",
            "clientId", "clientSecret", "federatedTokenFile", "helper");

    /** {@code registries[].auth}: the provider and the keys it needs; keys of another provider are problems. */
    private static Optional<RegistryAuthSpec> registryAuth(Fields a) {
        Optional<String> provider = a.requiredString("provider", "one of " + String.join(", ",
                RegistryAuthSpec.PROVIDERS));
        if (provider.isPresent() && !RegistryAuthSpec.PROVIDERS.contains(provider.get())) {
            a.problem("provider", "expected one of " + String.join(", ", RegistryAuthSpec.PROVIDERS) + ", got "
                    + Nodes.quote(provider.get()));
            return Optional.empty();
        }
        Map<String, List<String>> keysOf = Map.of("ecr", List.of("region", "endpoint"),
                "google", List.of("keyFile", "endpoint"),
                "acr", List.of("tenant", "clientId", "clientSecret", "federatedTokenFile", "endpoint"),
                "helper", List.of("helper"));
        provider.ifPresent(p -> AUTH_KEYS.stream().filter(k -> !k.equals("provider") && a.has(k)
                && !keysOf.get(p).contains(k)).forEach(k -> a.problem(k, "is not a key of provider " + p
                + " (its keys: " + String.join(", ", keysOf.get(p)) + ")")));
        Optional<URI> endpoint = a.string("endpoint").flatMap(text -> httpUrl(a, "endpoint", text,
                "an endpoint takes none"));
        Optional<Path> keyFile = a.scalar("keyFile", "a path to a Google JSON key").flatMap(a.context()::readableFile);
        Optional<Path> tokenFile = a.scalar("federatedTokenFile", "a path to a federated token file")
                .flatMap(a.context()::readableFile);
        Optional<Secret> clientSecret = a.secret("clientSecret");
        if (provider.filter("acr"::equals).isPresent()) {
            a.requiredString("tenant", "the Entra ID tenant of the registry");
            a.requiredString("clientId", "the application (client) id that reads the registry");
            if (a.has("clientSecret") && a.has("federatedTokenFile")) {
                a.problem("federatedTokenFile", "give either clientSecret or federatedTokenFile, not both");
            }
        }
        if (provider.filter("helper"::equals).isPresent()) {
            a.requiredString("helper", "the <name> of docker-credential-<name>").filter(h ->
                    !h.matches("[A-Za-z0-9._-]{1,64}")).ifPresent(h -> a.problem("helper",
                    "expected the <name> of docker-credential-<name> (letters, digits, '.', '_', '-'), got "
                            + Nodes.quote(h)));
        }
        return provider.map(p -> new RegistryAuthSpec(p, a.string("region"), endpoint, keyFile, a.string("tenant"),
                a.string("clientId"), clientSecret, tokenFile, a.string("helper")));
    }

    private static boolean validHost(String host) {
        var m = Checks.REGISTRY_HOST.matcher(host);
        return m.matches() && (m.group(1) == null || Integer.parseInt(m.group(1)) <= 65_535);
    }

    private static URI defaultUrl(String host) {
        try {
            return URI.create((Checks.isLoopback(host) ? "http://" : "https://") + host);
        } catch (IllegalArgumentException e) {
            return URI.create("https://invalid");
        }
    }

    static List<ImageSpec> images(Fields top) {
        List<ImageSpec> images = new ArrayList<>();
        for (Fields.Item item : top.items("images")) {
            Fields i = Fields.open(top.context(), item.node(), item.path(), List.of("name", "trackedTags", "interval"));
            Optional<String> name = i.requiredString("name", "an image repository (ghcr.io/acme/app)");
            name.ifPresent(n -> {
                String last = n.substring(n.lastIndexOf('/') + 1);
                if (n.contains("@") || last.contains(":")) {
                    i.problem("name", "must name an image repository without a tag or digest, got " + Nodes.quote(n));
                } else if (!Checks.IMAGE_REPOSITORY.matcher(n).matches()) {
                    i.problem("name", "expected an image repository name (lower-case path components, like "
                            + "ghcr.io/acme/app), got " + Nodes.quote(n));
                }
            });
            List<String> tags = new ArrayList<>();
            for (Value tag : i.strings("trackedTags", "a tag")) {
                if (Checks.TAG.matcher(tag.text()).matches()) {
                    tags.add(tag.text());
                } else {
                    i.context().problems().add(tag.node(), tag.path(), "expected an image tag, got "
                            + Nodes.quote(tag.text()));
                }
            }
            images.add(new ImageSpec(name.orElse(""), tags, i.optionalDuration("interval", false)));
        }
        return images;
    }

    static WebhooksSpec webhooks(Fields top) {
        return top.mapping("webhooks", List.of("registry")).map(webhooks -> new WebhooksSpec(
                webhooks.mapping("registry", List.of("token", "hmacSecret")).map(registry -> {
                    Optional<Secret> token = registry.secret("token");
                    Optional<Secret> hmac = registry.secret("hmacSecret");
                    if (!registry.has("token") && !registry.has("hmacSecret")) {
                        registry.missing("token", "the registry webhook needs a token or an hmacSecret (or both)");
                    }
                    return new WebhooksSpec.RegistryWebhook(token, hmac);
                }))).orElse(WebhooksSpec.NONE);
    }

    static Optional<AuditSpec> audit(Fields top) {
        return top.mapping("audit", List.of("store", "token")).map(audit -> {
            Optional<AuditSpec.Store> store = audit.mapping("store", List.of("url", "username", "password"))
                    .map(s -> {
                        Optional<String> url = s.requiredString("url", "a JDBC URL (jdbc:postgresql://host/db)");
                        url.ifPresent(u -> {
                            if (!u.startsWith("jdbc:")) {
                                s.problem("url", "expected a JDBC URL (jdbc:postgresql://host/db), got "
                                        + Nodes.quote(Checks.masked(u)));
                            } else if (u.toLowerCase(Locale.ROOT).contains("password=")) {
                                s.problem("url", "a password inside the URL is refused: give it in "
                                        + s.path("password"));
                            } else if (Checks.url(u.substring(5)).filter(x -> x.userInfo() != null).isPresent()) {
                                s.problem("url", "credentials inside the URL are refused: give them in username "
                                        + "and password");
                            }
                        });
                        return new AuditSpec.Store(url.orElse(""), s.string("username"), s.secret("password"));
                    });
            Optional<Secret> token = audit.secret("token");
            token.ifPresent(t -> {
                if (t.reveal().length() < AuditSpec.MIN_TOKEN_LENGTH) {
                    audit.problem("token", t.reference() + " is shorter than " + AuditSpec.MIN_TOKEN_LENGTH
                            + " characters");
                }
            });
            return new AuditSpec(store, token);
        });
    }
}
