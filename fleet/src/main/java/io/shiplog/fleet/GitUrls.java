package io.shiplog.fleet;

import java.util.Locale;
import java.util.regex.Pattern;

/** What kind of git URL a repository has. */
public final class GitUrls {

    /** scp-like {@code [user@]host:path} (no scheme; a drive letter is not a host). */
    static final Pattern SCP_LIKE = Pattern.compile("^(?:[A-Za-z0-9._~-]+@)?[A-Za-z0-9.-]{2,}:(?!//)[^\\s]*$");

    private GitUrls() {
    }

    /** {@code ssh://…}, {@code git+ssh://…} or scp-like {@code user@host:path}. */
    public static boolean isSsh(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("ssh://") || lower.startsWith("git+ssh://") || lower.startsWith("ssh+git://")
                || (!lower.contains("://") && !url.startsWith("/") && SCP_LIKE.matcher(url).matches());
    }
}
