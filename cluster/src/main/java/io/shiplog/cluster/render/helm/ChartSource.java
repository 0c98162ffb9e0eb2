package io.shiplog.cluster.render.helm;

/** Where a release's chart comes from. */
public sealed interface ChartSource {

    /** A location for messages and the chart cache. */
    String location();

    /**
     * A classic chart repository (an {@code index.yaml} over HTTP or HTTPS).
     *
     * @param url the repository URL, without a trailing slash
     */
    record HttpRepository(String url) implements ChartSource {
        @Override
        public String location() {
            return url;
        }
    }

    /**
     * A chart in an OCI registry.
     *
     * @param reference {@code oci://host/path/chart}, without tag
     * @param plainHttp whether the registry speaks plain HTTP ({@code insecure: true})
     */
    record OciRegistry(String reference, boolean plainHttp) implements ChartSource {
        @Override
        public String location() {
            return reference;
        }
    }

    /**
     * A chart directory in the configuration repository being applied.
     *
     * @param path relative to the repository root, with {@code /}
     */
    record RepositoryTree(String path) implements ChartSource {
        @Override
        public String location() {
            return "./" + path;
        }
    }
}
