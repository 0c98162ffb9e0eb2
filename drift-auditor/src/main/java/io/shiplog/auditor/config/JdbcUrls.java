package io.shiplog.auditor.config;

import java.util.regex.Pattern;

/**
 * JDBC URLs as they may be shown in logs and errors: a password in the user-info part ({@code //user:pass@host}) or
 * in a parameter ({@code ?password=…}, {@code ;password=…}, also {@code sslpassword}, {@code pwd}, token- and
 * secret-like keys) is replaced by {@code ***}. Drivers differ in syntax, so any such key is masked wherever it is.
 */
public final class JdbcUrls {

    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]*):[^/@]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;:]\\s*[a-z._-]*(?:password|passwd|pwd|secret|token|credentials?|sslkey)[a-z._-]*\\s*=)[^&;]*");

    private JdbcUrls() {
    }

    /**
     * A copy of {@code failure} and its causes whose messages are {@link #redacted} (drivers and pools put the URL in
     * their messages), with the original stack traces, so that a start-up failure can be shown whole.
     */
    public static RuntimeException redactedCopy(Throwable failure) {
        RuntimeException copy = new IllegalStateException(redacted(String.valueOf(failure.getMessage()))
                + " (" + failure.getClass().getName() + ")", failure.getCause() == null || failure.getCause() == failure
                ? null : redactedCopy(failure.getCause()));
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    /** {@code url} with every password, token and secret replaced by {@code ***}. */
    public static String redacted(String url) {
        if (url == null) {
            return null;
        }
        String out = USER_INFO.matcher(url).replaceAll("$1:***@");
        return SECRET_PARAMETER.matcher(out).replaceAll("$1***");
    }
}
