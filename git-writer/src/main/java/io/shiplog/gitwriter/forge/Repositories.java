package io.shiplog.gitwriter.forge;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Repository names in API paths. */
final class Repositories {

    private Repositories() {
    }

    /** {@code owner/name} with each segment percent-encoded, the slash kept. */
    static String path(String repository) {
        return Arrays.stream(repository.split("/")).map(ForgeHttp::encode).collect(Collectors.joining("/"));
    }
}
