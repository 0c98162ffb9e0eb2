package io.shiplog.dev.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The config repository of {@code scripts/bench render}: a shared base, one kustomize overlay per unit under
 * {@code <path>/apps/}, a chart under {@code charts/} and one Flux HelmRelease of it per release under
 * {@code <path>/helm/}, with the GitRepository that names this repository as the chart's source.
 */
final class RenderRepository {

    private RenderRepository() {
    }

    static void write(Path root, String repositoryUrl, String path, int units, int releases, String value) {
        try {
            Path base = Files.createDirectories(root.resolve("base/app"));
            Files.writeString(base.resolve("kustomization.yaml"), """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    resources:
                    - deployment.yaml
                    - service.yaml
                    """);
            Files.writeString(base.resolve("deployment.yaml"), """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: app
                    spec:
                      replicas: 1
                      selector:
                        matchLabels:
                          app: app
                      template:
                        metadata:
                          labels:
                            app: app
                        spec:
                          containers:
                          - name: app
                            image: registry.local/app:1.0.0
                    """);
            Files.writeString(base.resolve("service.yaml"), """
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: app
                    spec:
                      clusterIP: None
                      selector:
                        app: app
                      ports:
                      - port: 80
                        targetPort: 8080
                    """);
            Path cluster = Files.createDirectories(root.resolve(path));
            Files.writeString(cluster.resolve("namespace.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n"
                    + "  name: bench\n");
            for (int i = 0; i < units; i++) {
                writeUnit(root, path, i, value);
            }
            if (releases > 0) {
                writeChart(Files.createDirectories(root.resolve("charts/bench-app")));
                Path helm = Files.createDirectories(cluster.resolve("helm"));
                Files.writeString(helm.resolve("source.yaml"), """
                        apiVersion: source.toolkit.fluxcd.io/v1
                        kind: GitRepository
                        metadata:
                          name: config
                          namespace: bench
                        spec:
                          interval: 5m
                          url: %s
                          ref:
                            branch: main
                        """.formatted(repositoryUrl));
                for (int i = 0; i < releases; i++) {
                    Files.writeString(helm.resolve(String.format(Locale.ROOT, "release-%02d.yaml", i)), """
                            apiVersion: helm.toolkit.fluxcd.io/v2
                            kind: HelmRelease
                            metadata:
                              name: helm-%02d
                              namespace: bench
                            spec:
                              interval: 10m
                              chart:
                                spec:
                                  chart: ./charts/bench-app
                                  sourceRef:
                                    kind: GitRepository
                                    name: config
                                    namespace: bench
                              values:
                                value: "%s"
                            """.formatted(i, value));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kustomize unit directories, in order. */
    static List<Path> kustomizeUnits(Path root, String path) throws IOException {
        List<Path> units = new ArrayList<>();
        try (var dirs = Files.list(root.resolve(path).resolve("apps"))) {
            dirs.filter(Files::isDirectory).sorted().forEach(units::add);
        }
        return units;
    }

    /** Changes the JSON6902 patch of the first unit (one Deployment's annotation). */
    static void changeOneUnit(Path root, String path, String value) {
        writeUnit(root, path, 0, value);
    }

    private static void writeUnit(Path root, String path, int index, String value) {
        String name = String.format(Locale.ROOT, "app-%03d", index);
        try {
            Path unit = Files.createDirectories(root.resolve(path).resolve("apps").resolve(name));
            Files.writeString(unit.resolve("kustomization.yaml"), """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    namespace: bench
                    namePrefix: %1$s-
                    resources:
                    - ../../../../base/app
                    images:
                    - name: registry.local/app
                      newTag: "1.0.%2$d"
                    labels:
                    - pairs:
                        unit: %1$s
                    patches:
                    - path: replicas.yaml
                    - target:
                        kind: Deployment
                        name: app
                      patch: |-
                        - op: add
                          path: /metadata/annotations
                          value:
                            bench.shiplog.io/value: "%3$s"
                    configMapGenerator:
                    - name: settings
                      literals:
                      - unit=%1$s
                    """.formatted(name, index, value));
            Files.writeString(unit.resolve("replicas.yaml"), """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: app
                    spec:
                      replicas: 2
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeChart(Path chart) throws IOException {
        Files.writeString(chart.resolve("Chart.yaml"), """
                apiVersion: v2
                name: bench-app
                version: 0.1.0
                """);
        Files.writeString(chart.resolve("values.yaml"), "value: \"0\"\n");
        Path templates = Files.createDirectories(chart.resolve("templates"));
        Files.writeString(templates.resolve("configmap.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-settings
                data:
                  value: {{ .Values.value | quote }}
                """);
        Files.writeString(templates.resolve("service.yaml"), """
                apiVersion: v1
                kind: Service
                metadata:
                  name: {{ .Release.Name }}
                spec:
                  clusterIP: None
                  selector:
                    app: {{ .Release.Name }}
                  ports:
                  - port: 80
                """);
    }
}
