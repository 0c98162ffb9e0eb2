package io.shiplog.auditor.project;

/**
 * A container image reference as a workload runs it, split into repository, tag and digest. Docker Hub short names
 * are made canonical ({@code nginx} → {@code docker.io/library/nginx}), as the watch list names repositories.
 */
public record ImageRef(String repository, String tag, String digest) {

    /** Parses {@code image}; tag and digest are null when absent. */
    public static ImageRef parse(String image) {
        String rest = image.strip();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        return new ImageRef(canonical(rest), tag, digest);
    }

    /** The canonical form of a repository name. */
    public static String canonical(String repository) {
        String name = repository.strip();
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (hasRegistry) {
            return name;
        }
        return "docker.io/" + (slash < 0 ? "library/" + name : name);
    }
}
