package io.shiplog.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a config repository is and how to authenticate to it, as every service configures it: the one set of git
 * settings that {@link GitAccess} turns into transports. Secrets are never shown by {@link #toString()}.
 *
 * <p>Transports by URL: {@code https://} and {@code http://} (anonymous, HTTP Basic with {@code username} and
 * {@code password}, or a {@code token} sent as the Basic password with user {@code username} or {@code git});
 * {@code ssh://user@host[:port]/path} and scp-like {@code user@host:path} (public key {@code sshKey}, host key
 * checked strictly against {@code knownHosts}); anonymous {@code git://}; {@code file://} URLs and plain absolute
 * paths of a repository on this machine.
 *
 * @param name       the repository's name in the configuration (mirror directory, metrics, messages)
 * @param url        clone URL or local path
 * @param username   HTTP Basic user name (with {@code password}, or with {@code token}; default {@code git})
 * @param password   HTTP Basic password; never shown
 * @param token      access token sent as the HTTP Basic password; never shown
 * @param sshKey     private key file for SSH URLs (OpenSSH format, unencrypted)
 * @param knownHosts known_hosts file the SSH server's host key must be in
 * @param timeout    bound of one fetch or push (connect and each read)
 */
public record GitRemote(String name, String url, String username, String password, String token, Path sshKey,
                        Path knownHosts, Duration timeout) {

    private static final Pattern URL = Pattern.compile("(?i)(https?|git|ssh|file)://.+|[^:/]+@[^:]+:.+|/.+");
    private static final Pattern SCP_LIKE = Pattern.compile("[^:/]+@[^:/]+:.+");
    private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

    /** {@code scheme://user:secret@}: a URL with a password or token in its user info. */
    private static final Pattern CREDENTIALS_IN_URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/@\\s]*:[^/@\\s]*@");

    public GitRemote {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Whether the URL uses SSH ({@code ssh://} or scp-like {@code user@host:path}). */
    public boolean isSsh() {
        return url.regionMatches(true, 0, "ssh://", 0, 6) || SCP_LIKE.matcher(url).matches();
    }

    /** Whether the repository is on this machine: a {@code file://} URL or a plain path. */
    public boolean isLocal() {
        return url.regionMatches(true, 0, "file://", 0, 7) || url.startsWith("/");
    }

    /** The URL without user info ({@code https://***@host/…}), safe to show. */
    public String redactedUrl() {
        return USER_INFO.matcher(url).replaceAll("$1***@");
    }

    /**
     * Adds to {@code problems} what is wrong with these settings at property path {@code at}: a URL that is no git
     * URL, both password and token, or an SSH URL without a readable key file and known_hosts file. No secret is
     * ever part of a problem.
     */
    public void check(String at, List<String> problems) {
        if (!URL.matcher(url).matches()) {
            problems.add(at + ".url '" + redactedUrl() + "' is not a git URL");
        }
        if (CREDENTIALS_IN_URL.matcher(url).find()) {
            problems.add(at + ".url '" + redactedUrl() + "' carries a password or token: credentials inside the URL "
                    + "are refused (they would reach events, which are kept for good); give it as password or token");
        }
        if (password != null && token != null) {
            problems.add(at + " sets both password and token: give one");
        }
        if (isSsh()) {
            if (sshKey == null || !Files.isReadable(sshKey)) {
                problems.add(at + ".ssh-key must name a readable private key file for the SSH URL");
            }
            if (knownHosts == null || !Files.isReadable(knownHosts)) {
                problems.add(at + ".known-hosts must name a readable known_hosts file for the SSH URL");
            }
        }
    }

    /** {@code text} with URL user info and every configured secret replaced by {@code ***}. */
    public String mask(String text) {
        if (text == null) {
            return "";
        }
        String out = USER_INFO.matcher(text).replaceAll("$1***@");
        for (String secret : new String[] {password, token}) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "GitRemote[name=" + name + ", url=" + redactedUrl() + ", username=" + username + ", password="
                + shown(password) + ", token=" + shown(token) + ", sshKey=" + sshKey + ", knownHosts=" + knownHosts
                + ", timeout=" + timeout + "]";
    }

    private static String shown(String secret) {
        return secret == null || secret.isEmpty() ? "(none)" : "***";
    }

    /** The user name HTTP Basic sends with a token ({@code git} unless one is set). */
    String tokenUser() {
        return username == null || username.isBlank() ? "git" : username;
    }
}
