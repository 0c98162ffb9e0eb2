package io.shiplog.local.helm;

import io.shiplog.local.support.TempDirs;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code helm} for test fixtures: packaging charts, indexing a chart repository, pushing charts to a
 * registry. It is looked up in {@code SHIPLOG_RENDER_TOOLS} (or the system property {@code shiplog.render.tools}),
 * where {@code scripts/render-tools.sh} builds it, then on the {@code PATH}. Each call gets its own Helm home, removed
 * afterwards.
 */
public final class HelmCli {

    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;

    private HelmCli(Path binary) {
        this.binary = binary;
    }

    /** The helm of {@code SHIPLOG_RENDER_TOOLS} or the {@code PATH}; fails saying how to build it. */
    public static HelmCli find() {
        List<String> dirs = new ArrayList<>();
        Optional.ofNullable(System.getProperty("shiplog.render.tools", System.getenv("SHIPLOG_RENDER_TOOLS")))
                .filter(s -> !s.isBlank()).ifPresent(dirs::add);
        Optional.ofNullable(System.getenv("PATH")).ifPresent(p -> dirs.addAll(List.of(p.split(File.pathSeparator))));
        return dirs.stream().map(d -> Path.of(d, "helm")).filter(Files::isExecutable).findFirst().map(HelmCli::new)
                .orElseThrow(() -> new IllegalStateException("helm is not installed: run scripts/render-tools.sh and "
                        + "export SHIPLOG_RENDER_TOOLS=<the directory it prints>"));
    }

    /** Packages the chart directory {@code chart} as {@code version} into {@code destination}; the .tgz. */
    public Path packageChart(Path chart, String version, Path destination) {
        String out = runOnce("package", chart.toAbsolutePath().toString(), "--version", version, "--destination",
                destination.toAbsolutePath().toString());
        String marker = "saved it to: ";
        int at = out.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("helm package printed no archive path: " + out);
        }
        return Path.of(out.substring(at + marker.length()).strip());
    }

    /** Writes {@code index.yaml} for the archives in {@code directory}, whose charts are served at {@code url}. */
    public void index(Path directory, String url) {
        runOnce("repo", "index", directory.toAbsolutePath().toString(), "--url", url);
    }

    /**
     * Pushes the archive {@code chart} to {@code oci://host/repository} over plain HTTP, logging in first when
     * {@code username} is not null; the chart's reference ({@code oci://host/repository/name}) without tag.
     */
    public String push(Path chart, String host, String repository, String username, String password) {
        Path home = TempDirs.create("helm-push");
        try {
            if (username != null) {
                run(home, password, "registry", "login", host, "--username", username, "--password-stdin",
                        "--plain-http");
            }
            run(home, null, "push", chart.toAbsolutePath().toString(), "oci://" + host + "/" + repository,
                    "--plain-http");
        } finally {
            TempDirs.deleteQuietly(home);
        }
        String name = chart.getFileName().toString().replaceFirst("-v?\\d+\\.\\d+\\.\\d+.*\\.tgz$", "");
        return "oci://" + host + "/" + repository + "/" + name;
    }

    private String runOnce(String... args) {
        Path home = TempDirs.create("helm");
        try {
            return run(home, null, args);
        } finally {
            TempDirs.deleteQuietly(home);
        }
    }

    private String run(Path home, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("HOME", home.toString(), "HELM_CACHE_HOME", home.resolve("cache")
                .toString(), "HELM_CONFIG_HOME", home.resolve("config").toString(), "HELM_DATA_HOME",
                home.resolve("data").toString()));
        try {
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("helm " + args[0] + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("helm " + String.join(" ", args[0], args.length > 1 ? args[1] : "")
                        + " failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running helm", e);
        }
    }
}
