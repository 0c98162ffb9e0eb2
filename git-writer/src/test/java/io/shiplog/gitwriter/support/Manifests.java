package io.shiplog.gitwriter.support;

import java.nio.charset.StandardCharsets;

/** Small manifests for the tests. */
public final class Manifests {

    private Manifests() {
    }

    /** A Deployment whose image carries a Shiplog marker. */
    public static String deployment(String name, String image, String policy) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  labels:
                    team: platform
                spec:
                  replicas: 2  # keep two
                  template:
                    spec:
                      containers:
                        - name: app
                          image: %s # {"$shiplog": "%s"}
                """.formatted(name, image, policy);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
