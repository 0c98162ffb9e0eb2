package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.config.RepositoryProperties;
import io.shiplog.gitwriter.manifest.ImageLocation;

/**
 * Which workload a {@code LockWorkload}/{@code UnlockWorkload} command means: a file path, a
 * {@code kind/namespace/name}, or both; {@code configRepo} (URL or configured name) narrows it to one config
 * repository. Absent parts match anything; at least a path or a name is required.
 */
public record WorkloadSelector(String configRepo, String path, String kind, String namespace, String name) {

    public WorkloadSelector {
        configRepo = blankToNull(configRepo);
        path = blankToNull(path);
        if (path != null) {
            path = path.replaceFirst("^(\\./|/)+", "");
        }
        kind = blankToNull(kind);
        namespace = blankToNull(namespace);
        name = blankToNull(name);
        if (path == null && name == null) {
            throw new IllegalArgumentException("workload needs a path or a name (kind/namespace/name), got neither");
        }
    }

    /** Whether the command is for this configured repository. */
    public boolean appliesTo(RepositoryProperties repo) {
        return configRepo == null || configRepo.equals(repo.url()) || configRepo.equals(repo.name());
    }

    /** Whether the automated image at {@code location} belongs to the workload. */
    public boolean matches(ImageLocation location) {
        if (path != null && !path.equals(location.path())) {
            return false;
        }
        if (name == null) {
            return true;
        }
        var object = location.object();
        return object != null && name.equals(object.name())
                && (kind == null || kind.equalsIgnoreCase(object.kind()))
                && (namespace == null || namespace.equals(object.namespace()));
    }

    /** {@code apps/web.yaml Deployment/prod/web}, for messages. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        if (path != null) {
            out.append(path);
        }
        if (name != null) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(kind == null ? "*" : kind).append('/').append(namespace == null ? "" : namespace + "/")
                    .append(name);
        }
        return out.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
