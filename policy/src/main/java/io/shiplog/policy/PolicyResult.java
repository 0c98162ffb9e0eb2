package io.shiplog.policy;

/** What a policy decided for one image: a tag, keep the current value, or nothing usable. */
public sealed interface PolicyResult {

    /** One line saying why, for logs, {@code UpdateSkipped} reasons and the CLI. */
    String reason();

    /** The policy chose {@code candidate} (which may be the current tag, e.g. with a new digest). */
    record Chosen(TagCandidate candidate, String reason) implements PolicyResult {
    }

    /** The best candidate would move the image backwards; the current value stays. */
    record KeepCurrent(String reason) implements PolicyResult {
    }

    /** No candidate passes the policy. */
    record NoMatch(String reason) implements PolicyResult {
    }
}
