package io.shiplog.local.oci;

import java.util.Objects;

/**
 * The platform an image runs on, as written in an OCI image config and index: {@code linux/amd64},
 * {@code linux/arm64/v8}.
 */
public record Platform(String os, String architecture, String variant) {

    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);
    public static final Platform LINUX_ARM64_V8 = new Platform("linux", "arm64", "v8");

    public Platform {
        requireToken(os, "os");
        requireToken(architecture, "architecture");
        if (variant != null && variant.isBlank()) {
            variant = null;
        }
        if (variant != null) {
            requireToken(variant, "variant");
        }
    }

    /** Parses {@code os/architecture[/variant]}, e.g. {@code linux/arm64/v8}. */
    public static Platform parse(String text) {
        Objects.requireNonNull(text, "platform");
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("platform '" + text + "' is not os/architecture[/variant]");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }

    private static void requireToken(String value, String name) {
        if (value == null || !value.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("platform " + name + " '" + value
                    + "' must be lower-case letters, digits, '.', '_' or '-'");
        }
    }
}
