package io.shiplog.cluster.kube;

/** The cluster gave no usable answer to a request the reconciliation cannot go on without. */
public class ClusterUnreachableException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient KubeResponse response;

    public ClusterUnreachableException(KubeResponse response, String message) {
        super(message);
        this.response = response;
    }

    /** The failed answer: code 0 for no answer, 401/403 for refused credentials. */
    public KubeResponse response() {
        return response;
    }
}
