package io.shiplog.cli.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A secret named, not written, in the context file: {@code env:NAME} (an environment variable) or {@code file:PATH}
 * (a file's content, trailing newline dropped; {@code ~/} is the home directory). Messages name the reference only.
 */
public final class SecretReference {

    private SecretReference() {
    }

    /** Whether {@code value} is a reference. */
    public static boolean isReference(String value) {
        return value != null && (value.startsWith("env:") || value.startsWith("file:"));
    }

    /** The secret {@code reference} names; {@code what} says where the reference is, for the error message. */
    public static String resolve(String reference, String what, Function<String, String> environment) {
        if (reference.startsWith("env:")) {
            String name = reference.substring(4).strip();
            String value = environment.apply(name);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(what + " refers to environment variable " + name
                        + ", which is not set");
            }
            return value;
        }
        if (reference.startsWith("file:")) {
            Path file = home(reference.substring(5).strip());
            try {
                return Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
            } catch (IOException e) {
                throw new IllegalArgumentException(what + " refers to file " + file + ", which cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        throw new IllegalArgumentException(what + " must be a reference, env:NAME or file:PATH, not the secret "
                + "itself (its value is not shown)");
    }

    /** {@code path} with a leading {@code ~/} as the user's home directory. */
    static Path home(String path) {
        return path.startsWith("~/") ? Path.of(System.getProperty("user.home"), path.substring(2)) : Path.of(path);
    }
}
