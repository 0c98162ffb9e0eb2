package io.shiplog.applier.support;

import java.util.Map;

/** Manifest texts for tests. */
public final class Manifests {

    private Manifests() {
    }

    public static String namespace(String name) {
        return """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %s
                """.formatted(name);
    }

    public static String configMap(String namespace, String name, String value) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  namespace: %s
                data:
                  value: "%s"
                """.formatted(name, namespace, value);
    }

    public static String deployment(String namespace, String name, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                  namespace: %2$s
                spec:
                  replicas: 2
                  selector:
                    matchLabels:
                      app: %1$s
                  template:
                    metadata:
                      labels:
                        app: %1$s
                    spec:
                      containers:
                      - name: app
                        image: %3$s
                """.formatted(name, namespace, image);
    }

    public static String service(String namespace, String name) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %1$s
                  namespace: %2$s
                spec:
                  selector:
                    app: %1$s
                  ports:
                  - port: 80
                    targetPort: 8080
                """.formatted(name, namespace);
    }

    /** A CRD of kind Widget in group {@code group}, version v1, namespaced. */
    public static String widgetCrd(String group) {
        return """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: widgets.%1$s
                spec:
                  group: %1$s
                  scope: Namespaced
                  names:
                    plural: widgets
                    singular: widget
                    kind: Widget
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              size:
                                type: integer
                """.formatted(group);
    }

    public static String widget(String group, String namespace, String name, int size) {
        return """
                apiVersion: %s/v1
                kind: Widget
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  size: %d
                """.formatted(group, name, namespace, size);
    }

    /**
     * A small application as files under {@code apps/}: its Namespace, a ConfigMap {@code settings} holding
     * {@code setting}, a Deployment {@code web} running {@code image}, and a Service {@code web}.
     */
    public static Map<String, String> webApp(String namespace, String setting, String image) {
        return Map.of(
                "apps/namespace.yaml", namespace(namespace),
                "apps/config.yaml", configMap(namespace, "settings", setting),
                "apps/web.yaml", deployment(namespace, "web", image),
                "apps/service.yaml", service(namespace, "web"));
    }
}
