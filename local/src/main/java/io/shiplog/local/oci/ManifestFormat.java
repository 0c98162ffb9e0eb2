package io.shiplog.local.oci;

/** The manifest flavour an image is pushed in, with the media types that go with it. */
public enum ManifestFormat {

    /** OCI image manifest and index. */
    OCI("application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.config.v1+json",
            "application/vnd.oci.image.layer.v1.tar+gzip"),

    /** Docker image manifest v2 schema 2 and manifest list. */
    DOCKER_V2("application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.container.image.v1+json",
            "application/vnd.docker.image.rootfs.diff.tar.gzip");

    private final String manifestMediaType;
    private final String indexMediaType;
    private final String configMediaType;
    private final String layerMediaType;

    ManifestFormat(String manifestMediaType, String indexMediaType, String configMediaType, String layerMediaType) {
        this.manifestMediaType = manifestMediaType;
        this.indexMediaType = indexMediaType;
        this.configMediaType = configMediaType;
        this.layerMediaType = layerMediaType;
    }

    public String manifestMediaType() {
        return manifestMediaType;
    }

    public String indexMediaType() {
        return indexMediaType;
    }

    public String configMediaType() {
        return configMediaType;
    }

    public String layerMediaType() {
        return layerMediaType;
    }

    /** Every manifest media type, for an {@code Accept} header that must not make the registry convert. */
    static String acceptAll() {
        StringBuilder accept = new StringBuilder();
        for (ManifestFormat format : values()) {
            accept.append(accept.isEmpty() ? "" : ", ").append(format.manifestMediaType)
                    .append(", ").append(format.indexMediaType);
        }
        return accept.toString();
    }
}
