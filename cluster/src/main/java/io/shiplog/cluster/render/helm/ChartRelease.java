package io.shiplog.cluster.render.helm;

import com.google.gson.JsonObject;
import io.shiplog.cluster.manifest.Manifest;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One Helm release to render, as a Flux HelmRelease describes it. {@link #values()} may hold Secret data:
 * {@link #toString()} never shows it, and {@link #redact(String)} blanks it out of a message.
 *
 * @param helmRelease  the HelmRelease object from git
 * @param releaseName  the Helm release name
 * @param namespace    the release namespace: where its namespaced objects that name none belong
 * @param source       where the chart comes from
 * @param chart        the chart name (for a chart in the repository tree, its path)
 * @param versionRange the version constraint (blank: the newest release)
 * @param valuesFiles  values files in the chart, merged first in this order
 * @param values       the merged {@code valuesFrom} and {@code values}, over the chart's values
 * @param secretTexts  strings taken from Secrets, never to be shown
 * @param includeCrds  whether the chart's {@code crds/} are rendered too
 * @param dependsOn    the HelmReleases ({@code namespace/name}) Flux would install first ({@code spec.dependsOn})
 */
public record ChartRelease(Manifest helmRelease, String releaseName, String namespace, ChartSource source,
                           String chart, String versionRange, List<String> valuesFiles, JsonObject values,
                           Set<String> secretTexts, boolean includeCrds,
                           List<String> dependsOn) {

    public ChartRelease {
        Objects.requireNonNull(helmRelease, "helmRelease");
        valuesFiles = List.copyOf(valuesFiles);
        secretTexts = Set.copyOf(secretTexts);
        dependsOn = List.copyOf(dependsOn);
    }

    /** {@code HelmRelease namespace/name (file#document)}, for messages. */
    public String describe() {
        return HelmPlanner.describe(helmRelease);
    }

    /** {@code message} with every Secret-derived string replaced by {@code ***}. */
    public String redact(String message) {
        String result = message;
        for (String secret : secretTexts) {
            result = result.replace(secret, "***");
        }
        return result;
    }

    @Override
    public String toString() {
        return "ChartRelease[" + describe() + ": release " + releaseName + " in " + namespace + ", chart " + chart
                + " " + versionRange + " from " + source.location() + "]";
    }
}
