package io.shiplog.cluster.kube;

import com.google.gson.JsonObject;

/**
 * The answer to one API request.
 *
 * @param code    HTTP status; 0 when no answer came (connection refused, timeout)
 * @param object  the object returned on success, else null
 * @param message the server's message (or the I/O error) on failure, else null
 */
public record KubeResponse(int code, JsonObject object, String message) {

    public static KubeResponse ok(int code, JsonObject object) {
        return new KubeResponse(code, object, null);
    }

    public static KubeResponse unreachable(String message) {
        return new KubeResponse(0, null, message);
    }

    public boolean isSuccess() {
        return code >= 200 && code < 300;
    }

    /** No HTTP answer at all: the cluster is unreachable or too slow. */
    public boolean isUnreachable() {
        return code == 0;
    }

    public boolean isNotFound() {
        return code == 404;
    }

    /** 409: a precondition (uid, resourceVersion) no longer holds, or the object exists already. */
    public boolean isConflict() {
        return code == 409;
    }

    public boolean isUnauthorized() {
        return code == 401;
    }

    @Override
    public String toString() {
        return "KubeResponse[" + code + (message == null ? "" : " " + message) + "]";
    }
}
