package io.shiplog.dev.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's config repository: one application, {@code demo/app}, declared four ways side by side (Shiplog's
 * marker, a Flux v2 setter marker with its ImagePolicy, Flux v1 annotations, Keel annotations), applied to the
 * clusters {@code dev-a} and {@code dev-b}. Its files are resources; {@code ${REGISTRY}} in them becomes the demo
 * registry's host.
 */
public final class DemoRepository {

    /** The repository's name on the demo git server and in the fleet file. */
    public static final String NAME = "demo-config";
    /** The demo application's image repository, below the registry host. */
    public static final String IMAGE = "demo/app";
    /** The demo's clusters. */
    public static final List<String> CLUSTERS = List.of("dev-a", "dev-b");
    /** The workloads that run the demo image, one per way of declaring its automation. */
    public static final List<String> WORKLOADS = List.of("web-shiplog", "web-flux-v2", "web-flux-v1", "web-keel");
    /** The namespace the workloads live in. */
    public static final String NAMESPACE = "demo";

    private static final String ROOT = "/io/shiplog/dev/demo/repo/";
    private static final List<String> FILES = List.of(
            "README.md",
            "apps/demo/namespace.yaml",
            "apps/demo/service.yaml",
            "apps/demo/web-shiplog.yaml",
            "apps/demo/web-flux-v2.yaml",
            "apps/demo/web-flux-v1.yaml",
            "apps/demo/web-keel.yaml",
            "flux-system/image-automation.yaml");

    private DemoRepository() {
    }

    /** The paths a demo cluster applies. */
    public static List<String> pathsOf(String cluster) {
        return List.of("clusters/" + cluster, "apps/demo");
    }

    /**
     * Every file of the repository by path, with the registry host filled in, and a directory
     * {@code clusters/<name>} for each cluster.
     */
    public static Map<String, String> files(String registryHost, List<String> clusters) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String path : FILES) {
            files.put(path, resource(path).replace("${REGISTRY}", registryHost));
        }
        String info = resource("cluster-info.yaml.template");
        for (String cluster : clusters) {
            files.put("clusters/" + cluster + "/cluster-info.yaml", info.replace("${CLUSTER}", cluster));
        }
        return files;
    }

    private static String resource(String path) {
        try (InputStream in = DemoRepository.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("demo repository resource " + ROOT + path + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read demo repository resource " + path, e);
        }
    }

    /** Writes the repository's files under {@code dir} (a work tree to seed the git server from). */
    public static Path writeTo(Path dir, String registryHost, List<String> clusters) {
        try {
            for (Map.Entry<String, String> file : files(registryHost, clusters).entrySet()) {
                Path target = dir.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo repository into " + dir, e);
        }
    }
}
