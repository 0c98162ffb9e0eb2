package io.shiplog.local.git;

import java.util.Objects;

/** The person a helper commit is attributed to (author and committer). */
public record Author(String name, String email) {

    /** The author of {@link GitServer#seed} commits. */
    public static final Author TESTKIT = new Author("Shiplog Testkit", "testkit@shiplog.invalid");

    public Author {
        Objects.requireNonNull(name, "author name");
        Objects.requireNonNull(email, "author email");
        if (name.isBlank()) {
            throw new IllegalArgumentException("author name must not be blank");
        }
        if (email.isBlank() || email.contains("<") || email.contains(">")) {
            throw new IllegalArgumentException("author email '" + email + "' must be non-blank and without <>");
        }
    }
}
