package io.shiplog.auditor.drift;

import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.kube.ServerSideApplier;

/** Edits a person makes to live objects, behind Shiplog's back. */
final class LiveEdits {

    private LiveEdits() {
    }

    /** Sets the image of Deployment {@code web} in {@code namespace}, as {@code kubectl edit} would. */
    static void setWebImage(KubeCluster kube, String namespace, String image) {
        new ServerSideApplier(kube.apiClient(), "kubectl-edit").apply("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: %s
                spec:
                  template:
                    spec:
                      containers:
                      - name: app
                        image: %s
                """.formatted(namespace, image));
    }
}
