package io.shiplog.dev.bench;

import com.google.gson.Gson;
import io.shiplog.local.kube.KubeCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The API server's floor for an apply: {@code scripts/lib/apply-floor}, a minimal Go client, sends the benchmark's
 * manifests as prepared server-side apply requests (the namespace first, then {@code concurrency} at once over one
 * HTTP/2 connection) and reports the seconds. No tool can apply the same objects on the same machine faster than
 * the server takes them, so this bounds what a client-side change can win.
 */
final class ApplyFloor {

    private static final Gson GSON = new Gson();

    private ApplyFloor() {
    }

    /** Seconds apply-floor took to apply every manifest in {@code manifests} to {@code cluster}. */
    static double apply(Path binary, KubeCluster cluster, Path manifests, int concurrency, Path work)
            throws IOException, InterruptedException {
        Path requests = work.resolve("floor-requests.tsv");
        Path token = work.resolve("floor-token");
        Path ca = work.resolve("floor-ca.pem");
        Files.write(requests, requests(manifests));
        Files.writeString(token, cluster.adminToken());
        Files.writeString(ca, cluster.caCertificatePem());
        Path output = work.resolve("floor.log");
        Process process = new ProcessBuilder(binary.toString(), "-server", cluster.serverUrl().toString(),
                "-token-file", token.toString(), "-ca", ca.toString(), "-requests", requests.toString(),
                "-concurrency", Integer.toString(concurrency)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("apply-floor did not finish within 10 minutes");
        }
        String printed = Files.readString(output).strip();
        if (process.exitValue() != 0 || !printed.startsWith("seconds=")) {
            throw new IllegalStateException("apply-floor failed with code " + process.exitValue() + ": " + printed);
        }
        return Double.parseDouble(printed.substring("seconds=".length(), printed.indexOf(' ')));
    }

    /** One "PATH\tJSON" line per manifest file, in file-name order (the namespace's file sorts first). */
    private static List<String> requests(Path manifests) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(manifests)) {
            files = listed.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> lines = new ArrayList<>(files.size());
        Yaml yaml = new Yaml();
        for (Path file : files) {
            Map<String, Object> object = yaml.load(Files.readString(file));
            lines.add(path(object) + "\t" + GSON.toJson(object));
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static String path(Map<String, Object> object) {
        String apiVersion = (String) object.get("apiVersion");
        String kind = (String) object.get("kind");
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        String name = (String) metadata.get("name");
        String base = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        return switch (kind) {
            case "Namespace" -> base + "/namespaces/" + name;
            case "ConfigMap", "Service", "Deployment" -> base + "/namespaces/" + metadata.get("namespace") + "/"
                    + kind.toLowerCase(java.util.Locale.ROOT) + "s/" + name;
            default -> throw new IllegalArgumentException("apply-floor: no path for kind " + kind);
        };
    }
}
