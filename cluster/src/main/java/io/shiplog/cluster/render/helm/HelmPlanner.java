package io.shiplog.cluster.render.helm;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.shiplog.cluster.manifest.Manifest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the Flux Helm objects among a cluster's manifests: each {@code HelmRelease} ({@code helm.toolkit.fluxcd.io})
 * with its chart source defined in the same manifests — a {@code HelmRepository} (classic index or {@code type: oci}),
 * an {@code OCIRepository} ({@code spec.chartRef}) or the {@code GitRepository} of the repository being applied — and
 * its values ({@code valuesFrom} ConfigMaps and Secrets from git, then {@code values}). A HelmRelease that asks for
 * something unsupported fails alone, with a message naming it.
 */
public final class HelmPlanner {

    static final String HELM_GROUP = "helm.toolkit.fluxcd.io";
    static final String SOURCE_GROUP = "source.toolkit.fluxcd.io";
    private static final int MAX_RELEASE_NAME = 53;

    private HelmPlanner() {
    }

    /**
     * The Helm plan of {@code manifests}; {@code repositoryUrl} is the URL of the configuration repository they come
     * from (a {@code GitRepository} with this URL means a chart in the repository tree), null when unknown.
     */
    public static HelmPlan plan(List<Manifest> manifests, String repositoryUrl) {
        Map<String, Manifest> objects = new HashMap<>();
        for (Manifest manifest : manifests) {
            objects.putIfAbsent(index(manifest.key().group(), manifest.key().kind(), namespaceOf(manifest),
                    manifest.key().name()), manifest);
        }
        List<ChartRelease> releases = new ArrayList<>();
        Set<Manifest> consumed = new LinkedHashSet<>();
        List<HelmFailure> failures = new ArrayList<>();
        for (Manifest manifest : manifests) {
            if (!isHelmRelease(manifest)) {
                continue;
            }
            consumed.add(manifest);
            referencedSource(manifest, objects).ifPresent(consumed::add);
            try {
                releases.add(release(manifest, objects, repositoryUrl, consumed));
            } catch (IllegalArgumentException e) {
                failures.add(new HelmFailure(manifest, describe(manifest) + ": " + e.getMessage()));
            } catch (RuntimeException e) {
                // a field of an unexpected type; Gson's message may quote the value, so it is not shown
                failures.add(new HelmFailure(manifest, describe(manifest) + ": a field of it or of an object it "
                        + "names has an unexpected type (" + e.getClass().getSimpleName() + ")"));
            }
        }
        return new HelmPlan(releases, new ArrayList<>(consumed), failures);
    }

    /** {@code HelmRelease namespace/name (file#document)}. */
    static String describe(Manifest helmRelease) {
        String namespace = helmRelease.key().namespace();
        return "HelmRelease " + (namespace == null ? "" : namespace + "/") + helmRelease.key().name() + " ("
                + helmRelease.source() + ")";
    }

    /** The Flux source a HelmRelease names, if it is among the manifests: consumed even when the release fails. */
    private static Optional<Manifest> referencedSource(Manifest helmRelease, Map<String, Manifest> objects) {
        JsonObject spec = object(helmRelease.body(), "spec");
        if (spec == null) {
            return Optional.empty();
        }
        JsonObject ref = object(spec, "chartRef");
        if (ref == null) {
            JsonObject chart = object(spec, "chart");
            JsonObject chartSpec = chart == null ? null : object(chart, "spec");
            ref = chartSpec == null ? null : object(chartSpec, "sourceRef");
        }
        if (ref == null || text(ref, "kind") == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(objects.get(sourceIndex(text(ref, "kind"), ref, namespaceOf(helmRelease))));
    }

    private static boolean isHelmRelease(Manifest manifest) {
        return manifest.key().group().equals(HELM_GROUP) && manifest.key().kind().equals("HelmRelease");
    }

    private static ChartRelease release(Manifest manifest, Map<String, Manifest> objects, String repositoryUrl,
                                        Set<Manifest> consumed) {
        JsonObject spec = object(manifest.body(), "spec");
        if (spec == null) {
            throw new IllegalArgumentException("it has no spec");
        }
        if (spec.has("suspend") && spec.get("suspend").isJsonPrimitive() && spec.get("suspend").getAsBoolean()) {
            throw new IllegalArgumentException("it is suspended (spec.suspend: true): it is not rendered and its "
                    + "objects are left as they are");
        }
        if (spec.has("kubeConfig")) {
            throw new IllegalArgumentException("spec.kubeConfig (a release in another cluster) is not supported");
        }
        JsonElement postRenderers = spec.get("postRenderers");
        if (postRenderers != null && postRenderers.isJsonArray() && !postRenderers.getAsJsonArray().isEmpty()) {
            throw new IllegalArgumentException("spec.postRenderers is not supported yet: move the patches into a "
                    + "kustomization over the chart, or into the chart's values");
        }
        String namespace = namespaceOf(manifest);
        String targetNamespace = text(spec, "targetNamespace");
        String releaseNamespace = targetNamespace != null ? targetNamespace : namespace;
        String releaseName = text(spec, "releaseName");
        if (releaseName == null) {
            releaseName = shorten(targetNamespace != null ? targetNamespace + "-" + manifest.key().name()
                    : manifest.key().name());
        }
        Set<String> secretTexts = new LinkedHashSet<>();
        JsonObject values = ReleaseValues.merge(spec, namespace, objects, secretTexts);
        JsonObject install = object(spec, "install");
        boolean includeCrds = install == null || !"Skip".equals(text(install, "crds"));
        JsonObject chartRef = object(spec, "chartRef");
        JsonObject chartTemplate = object(spec, "chart");
        if (chartRef != null) {
            ChartSource source = ociRepository(chartRef, namespace, objects, consumed);
            String reference = ((ChartSource.OciRegistry) source).reference();
            String version = ociVersion(objects.get(sourceIndex("OCIRepository", chartRef, namespace)));
            return new ChartRelease(manifest, releaseName, releaseNamespace, source,
                    reference.substring(reference.lastIndexOf('/') + 1), version, List.of(), values, secretTexts,
                    includeCrds, dependsOn(spec, namespace));
        }
        JsonObject chartSpec = chartTemplate == null ? null : object(chartTemplate, "spec");
        if (chartSpec == null) {
            throw new IllegalArgumentException("it has neither spec.chart.spec nor spec.chartRef");
        }
        String chart = text(chartSpec, "chart");
        if (chartSpec.has("verify")) {
            throw new IllegalArgumentException("spec.chart.spec.verify (chart signature verification) is not "
                    + "supported yet");
        }
        if (chart == null) {
            throw new IllegalArgumentException("spec.chart.spec.chart is missing");
        }
        String version = text(chartSpec, "version");
        try {
            VersionRange.parse(version);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spec.chart.spec.version: " + e.getMessage());
        }
        List<String> valuesFiles = new ArrayList<>();
        JsonElement files = chartSpec.get("valuesFiles");
        if (files != null && files.isJsonArray()) {
            for (JsonElement file : files.getAsJsonArray()) {
                if (!file.isJsonPrimitive()) {
                    throw new IllegalArgumentException("spec.chart.spec.valuesFiles has an entry that is not a path");
                }
                valuesFiles.add(file.getAsString());
            }
        } else if (text(chartSpec, "valuesFile") != null) {
            valuesFiles.add(text(chartSpec, "valuesFile"));
        }
        JsonObject sourceRef = object(chartSpec, "sourceRef");
        if (sourceRef == null) {
            throw new IllegalArgumentException("spec.chart.spec.sourceRef is missing");
        }
        String kind = String.valueOf(text(sourceRef, "kind"));
        Manifest source = objects.get(sourceIndex(kind, sourceRef, namespace));
        if (!kind.equals("HelmRepository") && !kind.equals("GitRepository")) {
            throw new IllegalArgumentException("spec.chart.spec.sourceRef kind " + kind + " is not supported (only "
                    + "HelmRepository, GitRepository and, in spec.chartRef, OCIRepository)");
        }
        if (source == null) {
            throw new IllegalArgumentException("its " + kind + " " + refName(sourceRef, namespace) + " is not among "
                    + "the cluster's manifests in git");
        }
        consumed.add(source);
        JsonObject sourceSpec = object(source.body(), "spec");
        String url = sourceSpec == null ? null : text(sourceSpec, "url");
        if (url == null) {
            throw new IllegalArgumentException("its " + kind + " " + refName(sourceRef, namespace) + " has no "
                    + "spec.url");
        }
        ChartSource chartSource;
        String chartName = chart;
        if (kind.equals("GitRepository")) {
            if (repositoryUrl == null || !sameRepository(url, repositoryUrl)) {
                throw new IllegalArgumentException("its chart is in GitRepository " + refName(sourceRef, namespace)
                        + " (" + url + "), another repository than the one being applied: not supported yet");
            }
            String path = chart.replace('\\', '/');
            while (path.startsWith("./")) {
                path = path.substring(2);
            }
            chartSource = new ChartSource.RepositoryTree(path.endsWith("/") ? path.substring(0, path.length() - 1)
                    : path);
            chartName = path;
        } else {
            refuseCredentials(sourceSpec, "HelmRepository " + refName(sourceRef, namespace));
            String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            boolean oci = "oci".equals(text(sourceSpec, "type")) || base.startsWith("oci://");
            chartSource = oci ? new ChartSource.OciRegistry(base + "/" + chart, insecure(sourceSpec))
                    : new ChartSource.HttpRepository(base);
        }
        return new ChartRelease(manifest, releaseName, releaseNamespace, chartSource, chartName,
                version == null ? "" : version, valuesFiles, values, secretTexts, includeCrds,
                dependsOn(spec, namespace));
    }

    private static List<String> dependsOn(JsonObject spec, String namespace) {
        List<String> result = new ArrayList<>();
        JsonElement dependsOn = spec.get("dependsOn");
        if (dependsOn != null && dependsOn.isJsonArray()) {
            for (JsonElement entry : dependsOn.getAsJsonArray()) {
                if (!entry.isJsonObject() || text(entry.getAsJsonObject(), "name") == null) {
                    throw new IllegalArgumentException("spec.dependsOn has an entry without a name");
                }
                result.add(refName(entry.getAsJsonObject(), namespace));
            }
        }
        return result;
    }

    private static ChartSource ociRepository(JsonObject chartRef, String namespace, Map<String, Manifest> objects,
                                             Set<Manifest> consumed) {
        String kind = String.valueOf(text(chartRef, "kind"));
        if (!kind.equals("OCIRepository")) {
            throw new IllegalArgumentException("spec.chartRef kind " + kind + " is not supported (only "
                    + "OCIRepository)");
        }
        Manifest source = objects.get(sourceIndex(kind, chartRef, namespace));
        if (source == null) {
            throw new IllegalArgumentException("its OCIRepository " + refName(chartRef, namespace) + " is not among "
                    + "the cluster's manifests in git");
        }
        consumed.add(source);
        JsonObject spec = object(source.body(), "spec");
        String url = spec == null ? null : text(spec, "url");
        if (url == null || !url.startsWith("oci://")) {
            throw new IllegalArgumentException("its OCIRepository " + refName(chartRef, namespace) + " has no "
                    + "oci:// spec.url");
        }
        refuseCredentials(spec, "OCIRepository " + refName(chartRef, namespace));
        if (spec.has("verify")) {
            throw new IllegalArgumentException("its OCIRepository " + refName(chartRef, namespace) + " asks for "
                    + "signature verification (spec.verify), which is not supported yet");
        }
        ociVersion(source);
        return new ChartSource.OciRegistry(url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
                insecure(spec));
    }

    /** The version range of an OCIRepository: {@code ref.semver}, else {@code ref.tag} (a chart version). */
    private static String ociVersion(Manifest source) {
        JsonObject spec = object(source.body(), "spec");
        JsonObject ref = spec == null ? null : object(spec, "ref");
        String name = "its OCIRepository " + source.key().name();
        if (ref != null && text(ref, "digest") != null) {
            throw new IllegalArgumentException(name + " pins ref.digest, which is not supported yet (use ref.tag or "
                    + "ref.semver)");
        }
        String semver = ref == null ? null : text(ref, "semver");
        if (semver != null) {
            try {
                VersionRange.parse(semver);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " ref.semver: " + e.getMessage());
            }
            return semver;
        }
        String tag = ref == null ? null : text(ref, "tag");
        if (tag == null || ChartVersion.parse(tag).isEmpty()) {
            throw new IllegalArgumentException(name + (tag == null ? " names no ref.tag or ref.semver (the default "
                    + "tag latest)" : " names tag " + tag) + ", which is not a chart version: Helm fetches charts by "
                    + "version, so set ref.tag to a version or ref.semver to a range");
        }
        return tag;
    }

    private static void refuseCredentials(JsonObject spec, String what) {
        for (String field : List.of("secretRef", "certSecretRef", "serviceAccountName")) {
            if (spec.has(field)) {
                throw new IllegalArgumentException("its " + what + " needs credentials (spec." + field + "), which "
                        + "Shiplog does not support yet");
            }
        }
        String provider = text(spec, "provider");
        if (provider != null && !provider.equals("generic")) {
            throw new IllegalArgumentException("its " + what + " uses provider " + provider + " (cloud "
                    + "credentials), which Shiplog does not support yet");
        }
    }

    private static boolean insecure(JsonObject spec) {
        return spec.has("insecure") && spec.get("insecure").isJsonPrimitive() && spec.get("insecure").getAsBoolean();
    }

    /** Whether two git URLs name the same repository (scheme, user, {@code .git} and case of the host aside). */
    static boolean sameRepository(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    private static String normalize(String url) {
        String u = url.strip();
        int scheme = u.indexOf("://");
        if (scheme >= 0) {
            u = u.substring(scheme + 3);
        } else if (u.contains(":") && !u.startsWith("/")) {
            u = u.replaceFirst(":", "/");
        }
        int at = u.indexOf('@');
        int slash = u.indexOf('/');
        if (at >= 0 && (slash < 0 || at < slash)) {
            u = u.substring(at + 1);
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith(".git")) {
            u = u.substring(0, u.length() - 4);
        }
        slash = u.indexOf('/');
        return slash < 0 ? u.toLowerCase(Locale.ROOT)
                : u.substring(0, slash).toLowerCase(Locale.ROOT).replaceFirst(":(443|80|22)$", "")
                + u.substring(slash);
    }

    /** Flux's default release name rule: longer than 53 characters, it is cut to 40 plus a hash. */
    static String shorten(String name) {
        if (name.length() <= MAX_RELEASE_NAME) {
            return name;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return name.substring(0, MAX_RELEASE_NAME - 13) + "-" + HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sourceIndex(String kind, JsonObject ref, String namespace) {
        String refNamespace = text(ref, "namespace");
        return index(SOURCE_GROUP, kind, refNamespace != null ? refNamespace : namespace, String.valueOf(
                text(ref, "name")));
    }

    private static String refName(JsonObject ref, String namespace) {
        String refNamespace = text(ref, "namespace");
        String ns = refNamespace != null ? refNamespace : namespace;
        return (ns.isEmpty() ? "" : ns + "/") + text(ref, "name");
    }

    static String index(String group, String kind, String namespace, String name) {
        return group + "|" + kind + "|" + namespace + "|" + name;
    }

    private static String namespaceOf(Manifest manifest) {
        return manifest.key().namespace() == null ? "" : manifest.key().namespace();
    }

    static JsonObject object(JsonObject parent, String field) {
        JsonElement value = parent.get(field);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
    }

    static String text(JsonObject parent, String field) {
        JsonElement value = parent.get(field);
        return value != null && value.isJsonPrimitive() && !value.getAsString().isBlank() ? value.getAsString()
                : null;
    }

}
