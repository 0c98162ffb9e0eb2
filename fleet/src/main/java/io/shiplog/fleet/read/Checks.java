package io.shiplog.fleet.read;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shapes values of a fleet file must have, each with the words that say so. */
public final class Checks {

    public static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    public static final String DNS_LABEL_EXPECTED = "a DNS label (lower-case letters, digits and '-', at most 63, "
            + "starting and ending with a letter or digit)";
    /** A Kubernetes object name such as a Secret's: a DNS subdomain. */
    public static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    public static final String NAME_EXPECTED = "a name of letters, digits, '.', '_' and '-'";
    private static final String HOST_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
    public static final Pattern REGISTRY_HOST = Pattern.compile(
            "(?:" + HOST_LABEL + "(?:\\." + HOST_LABEL + ")*|\\[[0-9A-Fa-f:.]+])(?::([0-9]{1,5}))?");
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    public static final Pattern IMAGE_REPOSITORY = Pattern.compile(
            "(?:" + HOST_LABEL + "(?:\\." + HOST_LABEL + ")*(?::[0-9]{1,5})?/)?" + PATH_COMPONENT
                    + "(?:/" + PATH_COMPONENT + ")*");
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    public static final Pattern LABEL_VALUE = Pattern.compile("(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern URL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)$", Pattern.DOTALL);

    private Checks() {
    }

    /** A URL split into scheme, authority (without user info), user info and the rest. */
    public record Url(String scheme, String userInfo, String host, String rest) {

        /** The URL with any user info replaced by {@code ***}: safe to show. */
        public String masked() {
            return scheme + "://" + (userInfo == null ? "" : "***@") + host + rest;
        }

        /** Whether the user info holds a password ({@code user:pw}). */
        public boolean hasPassword() {
            return userInfo != null && userInfo.contains(":");
        }
    }

    /** {@code scheme://[user@]host/rest}, or empty. */
    public static Optional<Url> url(String text) {
        Matcher m = URL.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String authority = m.group(2);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String host = at < 0 ? authority : authority.substring(at + 1);
        return Optional.of(new Url(m.group(1).toLowerCase(Locale.ROOT), userInfo, host, m.group(3)));
    }

    /** A text that may hold a URL with credentials, with them masked. */
    public static String masked(String text) {
        return url(text).map(Url::masked).orElseGet(() -> text.replaceAll("^[^@/\\s]*:[^@/\\s]*@", "***@"));
    }

    /** An http(s) URL without credentials, or why not (the text shown masked). */
    public static Optional<String> httpUrlProblem(String text, String credentialsHint) {
        Optional<Url> url = url(text);
        if (url.isEmpty() || !(url.get().scheme().equals("http") || url.get().scheme().equals("https"))
                || url.get().host().isEmpty()) {
            return Optional.of("expected an http or https URL, got " + io.shiplog.fleet.yaml.Nodes.quote(masked(text)));
        }
        if (url.get().userInfo() != null) {
            return Optional.of("credentials inside the URL are refused (" + url.get().masked()
                    + "): " + credentialsHint);
        }
        if (!REGISTRY_HOST.matcher(url.get().host()).matches()) {
            return Optional.of("'" + url.get().host() + "' is not a host name in " + url.get().masked());
        }
        return Optional.empty();
    }

    /** A relative path inside a repository: not empty, no leading '/', no '..' segment. */
    public static Optional<String> relativePathProblem(String path) {
        if (path.isBlank()) {
            return Optional.of("expected a path inside the repository, got an empty one");
        }
        if (path.startsWith("/")) {
            return Optional.of("must be relative to the repository root, without a leading '/': " + path);
        }
        for (String segment : path.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return Optional.of("must stay inside the repository; '..' is not allowed: " + path);
            }
        }
        return Optional.empty();
    }

    /** An RFC 6901 JSON pointer: empty (the whole object) or {@code /a/b}, with {@code ~0} and {@code ~1} escapes. */
    public static Optional<String> jsonPointerProblem(String pointer) {
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            return Optional.of("a JSON pointer starts with '/' (like /spec/replicas), got '" + pointer + "'");
        }
        for (int i = 0; i < pointer.length(); i++) {
            if (pointer.charAt(i) == '~' && (i + 1 >= pointer.length()
                    || (pointer.charAt(i + 1) != '0' && pointer.charAt(i + 1) != '1'))) {
                return Optional.of("in a JSON pointer '~' is followed by 0 or 1 (~0 is '~', ~1 is '/'), got '"
                        + pointer + "'");
            }
        }
        return Optional.empty();
    }

    /** Whether a registry host is this machine (then plain http is the default). */
    public static boolean isLoopback(String host) {
        String name = host.replaceFirst(":[0-9]+$", "").toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]");
    }
}
