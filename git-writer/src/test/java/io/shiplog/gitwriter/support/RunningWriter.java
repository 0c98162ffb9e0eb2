package io.shiplog.gitwriter.support;

import io.shiplog.gitwriter.GitWriterApplication;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The real git-writer application on the shared broker and registry, for one test. */
public final class RunningWriter implements AutoCloseable {

    /** The API token with role write of every test writer ({@code shiplog.api.tokens[0]}, named {@code ops}). */
    public static final String WRITE_TOKEN = "test-write-token-" + UUID.randomUUID();
    /** The API token with role read ({@code shiplog.api.tokens[1]}, named {@code dashboards}). */
    public static final String READ_TOKEN = "test-read-token-" + UUID.randomUUID();

    /** A repository to configure: name, URL, and more {@code repositories[i].*} properties (kebab-case keys). */
    public record Repo(String name, String url, Map<String, String> settings) {

        public static Repo of(String name, String url) {
            return new Repo(name, url, Map.of());
        }

        /** {@code repo} over HTTP with the shared git server's credentials. */
        public static Repo http(String name, ConfigRepo repo) {
            return of(name, repo.httpUrl()).with("username", GitServer.shared().username())
                    .with("password", GitServer.shared().password());
        }

        public Repo with(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(settings);
            more.put(key, value);
            return new Repo(name, url, more);
        }
    }

    private final ConfigurableApplicationContext context;

    private RunningWriter(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** A consumer group of its own, so a test sees only the log from the start plus its own events. */
    public static String newGroup() {
        return "git-writer-it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RunningWriter start(List<Repo> repos, Path mirrorDir, String group, String... extra) {
        return start(null, repos, mirrorDir, group, extra);
    }

    /** Starts with {@code source} (a test configuration, may be null) added to the application. */
    public static RunningWriter start(Class<?> source, List<Repo> repos, Path mirrorDir, String group,
                                      String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
                "--spring.kafka.properties.schema.registry.url=" + SchemaRegistry.shared().url(),
                "--spring.kafka.consumer.group-id=" + group,
                "--spring.main.banner-mode=off",
                "--shiplog.git-writer.mirror-dir=" + mirrorDir,
                "--shiplog.git-writer.tuning.retry-initial-backoff=100ms",
                "--shiplog.git-writer.tuning.retry-max-backoff=1s",
                "--shiplog.git-writer.tuning.poll-timeout=100ms",
                "--shiplog.api.tokens[0].name=ops",
                "--shiplog.api.tokens[0].token=" + WRITE_TOKEN,
                "--shiplog.api.tokens[0].role=write",
                "--shiplog.api.tokens[1].name=dashboards",
                "--shiplog.api.tokens[1].token=" + READ_TOKEN,
                "--shiplog.api.tokens[1].role=read"));
        for (int i = 0; i < repos.size(); i++) {
            Repo repo = repos.get(i);
            String at = "--shiplog.git-writer.repositories[" + i + "].";
            args.add(at + "name=" + repo.name());
            args.add(at + "url=" + repo.url());
            Map<String, String> settings = new LinkedHashMap<>(Map.of("fetch-interval", "1s", "timeout", "10s"));
            settings.putAll(repo.settings());
            settings.forEach((k, v) -> args.add(at + k + "=" + v));
        }
        for (String override : extra) {
            String key = override.substring(0, override.indexOf('=') + 1);
            args.removeIf(arg -> arg.startsWith(key));
            args.add(override);
        }
        SpringApplication app = GitWriterApplication.application();
        if (source != null) {
            app.addPrimarySources(List.of(source));
        }
        return new RunningWriter(app.run(args.toArray(String[]::new)));
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** The body of {@code GET path} (e.g. {@code /status}) with the read token. */
    public String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .header("Authorization", "Bearer " + READ_TOKEN).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        context.close();
    }
}
