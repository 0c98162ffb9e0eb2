package io.shiplog.cluster.render.helm;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.shiplog.cluster.render.tool.RenderTool;
import io.shiplog.cluster.render.tool.RenderTools;
import io.shiplog.cluster.render.tool.ToolRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches remote charts into an on-disk cache keyed by (source, chart, resolved version): a version range is resolved
 * from the repository's {@code index.yaml} or the registry's tag list, and a chart already in the cache is not
 * fetched again. Charts are public artifacts, so the cache holds no secret. Failures are
 * {@link IllegalArgumentException}s saying what was looked for where.
 */
final class ChartFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(ChartFetcher.class);
    private static final int MAX_INDEX_CODE_POINTS = 64 * 1024 * 1024;
    private static final int MAX_TAG_PAGES = 50;
    private static final Pattern BEARER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private final RenderTools tools;
    private final Path cache;
    private final HttpClient http;
    private final Duration timeout;
    private final long memoryBytes;
    private final Duration indexTtl;
    private final Map<String, Index> indexes = new ConcurrentHashMap<>();

    /** The versions of each chart in a repository's index, and when it was read. */
    private record Index(Instant read, Map<String, List<String>> versions) {
    }

    ChartFetcher(RenderTools tools, Path cache, Duration timeout, long memoryBytes, Duration indexTtl) {
        this.tools = tools;
        this.cache = cache;
        this.timeout = timeout;
        this.memoryBytes = memoryBytes;
        this.indexTtl = indexTtl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The unpacked chart directory of a remote source, fetched unless cached. */
    Path fetch(ChartSource source, String chart, String range) {
        String version = resolve(source, chart, range);
        Path target = cache.resolve(key(source.location(), chart, version));
        if (Files.isRegularFile(target.resolve("Chart.yaml"))) {
            return target;
        }
        Path work = null;
        try {
            Files.createDirectories(cache);
            work = Files.createTempDirectory(cache, ".pull-");
            List<String> command = new ArrayList<>(List.of(tools.require(RenderTool.HELM).toString(), "pull"));
            if (source instanceof ChartSource.OciRegistry oci) {
                command.add(oci.reference());
                if (oci.plainHttp()) {
                    command.add("--plain-http");
                }
            } else {
                command.addAll(List.of(chart, "--repo", source.location()));
            }
            command.addAll(List.of("--version", version, "--untar", "--untardir", "chart", "--destination",
                    work.resolve("out").toString()));
            ToolRun.Result result = new ToolRun(command, work, HelmRenderer.helmEnvironment(work), new byte[0],
                    timeout, memoryBytes, 64 * 1024, true).run();
            if (!result.succeeded()) {
                throw new IllegalArgumentException("helm pull of chart " + chart + " " + version + " from "
                        + source.location() + " failed: " + result.stderrSummary());
            }
            Path unpacked = onlyChild(work.resolve("out").resolve("chart"));
            LOG.info("Fetched chart {} {} from {} into the chart cache in {} ms", chart, version, source.location(),
                    result.took().toMillis());
            try {
                Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                // another render fetched the same chart meanwhile: the cached one is identical
                if (!Files.isRegularFile(target.resolve("Chart.yaml"))) {
                    throw e;
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart cache " + cache, e);
        } finally {
            if (work != null) {
                HelmRenderer.deleteTree(work);
            }
        }
    }

    /** The exact version to fetch: the newest one {@code range} allows. */
    String resolve(ChartSource source, String chart, String range) {
        VersionRange parsed = VersionRange.parse(range);
        Optional<String> exact = parsed.exactVersion();
        if (exact.isPresent()) {
            return exact.get();
        }
        List<String> versions = source instanceof ChartSource.OciRegistry oci ? tags(oci)
                : indexVersions((ChartSource.HttpRepository) source, chart);
        return parsed.newest(versions).orElseThrow(() -> new IllegalArgumentException("no version of chart " + chart
                + " in " + source.location() + " matches \"" + parsed + "\" (it has " + newestFew(versions) + ")"));
    }

    private List<String> indexVersions(ChartSource.HttpRepository source, String chart) {
        Index index = indexes.get(source.url());
        if (index == null || index.read().plus(indexTtl).isBefore(Instant.now())) {
            index = readIndex(source);
            indexes.put(source.url(), index);
        }
        List<String> versions = index.versions().get(chart);
        if (versions == null || versions.isEmpty()) {
            throw new IllegalArgumentException("chart " + chart + " is not in chart repository " + source.url());
        }
        return versions;
    }

    private Index readIndex(ChartSource.HttpRepository source) {
        String url = source.url() + "/index.yaml";
        HttpResponse<String> response = get(URI.create(url), Map.of());
        if (response.statusCode() != 200) {
            throw new IllegalArgumentException("chart repository " + source.url() + " answered HTTP "
                    + response.statusCode() + " for index.yaml");
        }
        Object document;
        try {
            document = ValuesYaml.yaml(MAX_INDEX_CODE_POINTS).load(response.body());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the index.yaml of chart repository " + source.url() + " is not "
                    + "valid YAML");
        }
        Map<String, List<String>> versions = new HashMap<>();
        Object entries = document instanceof Map<?, ?> map ? map.get("entries") : null;
        if (entries instanceof Map<?, ?> charts) {
            charts.forEach((name, list) -> {
                List<String> chartVersions = new ArrayList<>();
                if (list instanceof List<?> items) {
                    for (Object item : items) {
                        if (item instanceof Map<?, ?> entry && entry.get("version") != null) {
                            chartVersions.add(String.valueOf(entry.get("version")));
                        }
                    }
                }
                versions.put(String.valueOf(name), chartVersions);
            });
        }
        return new Index(Instant.now(), versions);
    }

    /** The tags of an OCI repository, following pages, with an anonymous token when the registry asks for one. */
    private List<String> tags(ChartSource.OciRegistry source) {
        String path = source.reference().substring("oci://".length());
        int slash = path.indexOf('/');
        String host = path.substring(0, slash);
        String base = (source.plainHttp() ? "http://" : "https://") + host;
        URI uri = URI.create(base + "/v2/" + path.substring(slash + 1) + "/tags/list");
        List<String> tags = new ArrayList<>();
        Map<String, String> headers = Map.of();
        for (int page = 0; page < MAX_TAG_PAGES && uri != null; page++) {
            HttpResponse<String> response = get(uri, headers);
            if (response.statusCode() == 401 && headers.isEmpty()) {
                headers = Map.of("Authorization", "Bearer " + anonymousToken(response, source));
                response = get(uri, headers);
            }
            if (response.statusCode() == 404) {
                throw new IllegalArgumentException("chart " + source.reference() + " is not in its registry");
            }
            if (response.statusCode() != 200) {
                throw new IllegalArgumentException("registry " + host + " answered HTTP " + response.statusCode()
                        + " listing the tags of " + source.reference());
            }
            JsonElement list = JsonParser.parseString(response.body()).getAsJsonObject().get("tags");
            if (list != null && list.isJsonArray()) {
                list.getAsJsonArray().forEach(t -> tags.add(t.getAsString().replace('_', '+')));
            }
            uri = response.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find)
                    .map(m -> URI.create(base).resolve(m.group(1))).orElse(null);
        }
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("chart " + source.reference() + " has no tags in its registry");
        }
        return tags;
    }

    private String anonymousToken(HttpResponse<String> challenge, ChartSource.OciRegistry source) {
        String header = challenge.headers().firstValue("WWW-Authenticate").orElse("");
        Matcher m = BEARER.matcher(header);
        String realm = null;
        StringBuilder query = new StringBuilder();
        while (m.find()) {
            if (m.group(1).equals("realm")) {
                realm = m.group(2);
            } else {
                query.append(query.isEmpty() ? "?" : "&").append(m.group(1)).append('=')
                        .append(java.net.URLEncoder.encode(m.group(2), StandardCharsets.UTF_8));
            }
        }
        if (realm == null || !header.startsWith("Bearer")) {
            throw new IllegalArgumentException("the registry of " + source.reference() + " requires credentials, "
                    + "which Shiplog does not support yet");
        }
        HttpResponse<String> response = get(URI.create(realm + query), Map.of());
        if (response.statusCode() != 200) {
            throw new IllegalArgumentException("the registry of " + source.reference() + " refused an anonymous "
                    + "token (HTTP " + response.statusCode() + "); credentials are not supported yet");
        }
        var body = JsonParser.parseString(response.body()).getAsJsonObject();
        JsonElement token = body.has("token") ? body.get("token") : body.get("access_token");
        if (token == null) {
            throw new IllegalArgumentException("the registry of " + source.reference() + " gave no anonymous token");
        }
        return token.getAsString();
    }

    private HttpResponse<String> get(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while reaching " + uri.getAuthority());
        }
    }

    private static String newestFew(List<String> versions) {
        List<String> sorted = versions.stream().map(ChartVersion::parse).flatMap(Optional::stream)
                .sorted((a, b) -> b.compareTo(a)).map(ChartVersion::text).limit(5).toList();
        return sorted.isEmpty() ? "no versions" : String.join(", ", sorted) + (versions.size() > 5 ? ", …" : "");
    }

    private static Path onlyChild(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            List<Path> all = children.toList();
            if (all.size() != 1 || !Files.isDirectory(all.get(0))) {
                throw new IOException("helm pull left " + all.size() + " entries in " + directory);
            }
            return all.get(0);
        }
    }

    private static String key(String location, String chart, String version) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((location + "\n" + chart + "\n" + version)
                    .getBytes(StandardCharsets.UTF_8));
            String safe = chart.replaceAll("[^A-Za-z0-9._-]", "_");
            return safe + "-" + version.replaceAll("[^A-Za-z0-9._+-]", "_") + "-"
                    + HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
