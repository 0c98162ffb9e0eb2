package io.shiplog.gitwriter.edit;

import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ObjectRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The apps a release is restricted to ({@code shiplog release --app}), with the meaning {@code shiplog diff --app}
 * gives them: an image location belongs to the app named like the Kubernetes object it sits in (a workload), and to
 * the repository path of its file and every directory above it ({@code apps/shop}). A kustomization's
 * {@code images:} entry and a Helm values file are not a workload: they belong to their directory (and the paths
 * above it) only. No app selects every location.
 */
public record AppSelector(List<String> apps) {

    private static final String KUSTOMIZE_GROUP = "kustomize.config.k8s.io";

    /** Every location. */
    public static final AppSelector ALL = new AppSelector(List.of());

    /** Normalises each app ({@code ./apps/shop/} is {@code apps/shop}); throws naming a blank one. */
    public AppSelector {
        List<String> normalised = new ArrayList<>();
        for (String app : apps == null ? List.<String>of() : apps) {
            String value = app == null ? "" : app.strip().replaceFirst("^(\\./|/)+", "").replaceFirst("/+$", "");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("app '" + app + "' is empty: give a workload name or a "
                        + "repository path");
            }
            if (!normalised.contains(value)) {
                normalised.add(value);
            }
        }
        apps = List.copyOf(normalised);
    }

    /** Whether the release moves every location (no app given). */
    public boolean all() {
        return apps.isEmpty();
    }

    /** Whether {@code location} belongs to one of the apps (always, when none is given). */
    public boolean selects(ImageLocation location) {
        return all() || apps.stream().anyMatch(app -> belongs(location, app));
    }

    /** The apps none of {@code locations} belongs to, in the order given. */
    public List<String> unmatched(Collection<ImageLocation> locations) {
        return apps.stream().filter(app -> locations.stream().noneMatch(l -> belongs(l, app))).toList();
    }

    /** Whether {@code location} belongs to {@code app}: its workload's name, its file, or a directory above it. */
    public static boolean belongs(ImageLocation location, String app) {
        ObjectRef object = location.object();
        if (object != null && !KUSTOMIZE_GROUP.equals(object.group()) && app.equals(object.name())) {
            return true;
        }
        String path = location.path();
        return path.equals(app) || path.startsWith(app + "/");
    }

    /** {@code shop, apps/web}, for messages. */
    @Override
    public String toString() {
        return String.join(", ", apps);
    }
}
