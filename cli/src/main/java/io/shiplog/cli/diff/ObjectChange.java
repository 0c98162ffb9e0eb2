package io.shiplog.cli.diff;

import com.google.gson.JsonObject;
import io.shiplog.cli.render.YamlDocuments;
import io.shiplog.cluster.manifest.ObjectKey;
import java.util.List;

/**
 * One object that an apply would change: its live state (null: it would be created) and the API server's dry-run
 * result of applying git's version (null: it would be pruned).
 */
record ObjectChange(ObjectKey key, String apiVersion, JsonObject live, JsonObject desired) {

    /** {@code group.version.Kind.namespace.name} (core objects {@code v1.Kind…}; no namespace when cluster-scoped). */
    String id() {
        StringBuilder id = new StringBuilder(apiVersion.replace('/', '.')).append('.').append(key.kind());
        if (key.namespace() != null) {
            id.append('.').append(key.namespace());
        }
        return id.append('.').append(key.name()).toString();
    }

    /** The unified diff of the object's fields (as {@link ObjectView} shows them); empty when they are equal. */
    String diff() {
        ObjectView.Pair view = ObjectView.of(live, desired);
        return UnifiedDiff.of(live == null ? "/dev/null" : "live/" + id(), desired == null ? "/dev/null"
                : "git/" + id(), yaml(view.live()), yaml(view.desired()));
    }

    private static String yaml(JsonObject object) {
        return object == null ? "" : YamlDocuments.of(List.of(object));
    }
}
