package io.shiplog.fleet.read;

import io.shiplog.fleet.GitUrls;
import io.shiplog.fleet.RepositorySpec.CommitSpec;
import io.shiplog.fleet.RepositorySpec.Forge;
import io.shiplog.fleet.RepositorySpec.GitAuth;
import io.shiplog.fleet.RepositorySpec.GitWebhook;
import io.shiplog.fleet.RepositorySpec.MergeMethod;
import io.shiplog.fleet.RepositorySpec.PullRequestSpec;
import io.shiplog.fleet.RepositorySpec.SigningFormat;
import io.shiplog.fleet.RepositorySpec;
import io.shiplog.fleet.Secret;
import io.shiplog.fleet.yaml.Nodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code repositories}. */
final class RepositoryReader {

    private static final List<String> KEYS = List.of("name", "url", "branch", "pushBranch", "auth", "fetchInterval",
            "timeout", "allowRemoteBases", "commit", "webhook", "pullRequests");
    private static final Set<String> SCHEMES = Set.of("https", "http", "ssh", "git", "file", "git+ssh", "ssh+git");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Pattern BRANCH = Pattern.compile("[^\\s~^:?*\\[\\\\]+");

    private RepositoryReader() {
    }

    static List<RepositorySpec> repositories(Fields top) {
        List<RepositorySpec> repositories = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Fields.Item item : top.items("repositories")) {
            Fields r = Fields.open(top.context(), item.node(), item.path(), KEYS);
            Optional<String> name = r.requiredString("name", Checks.NAME_EXPECTED);
            if (name.isPresent() && !Checks.NAME.matcher(name.get()).matches()) {
                r.problem("name", "expected " + Checks.NAME_EXPECTED + ", got " + Nodes.quote(name.get()));
            }
            name.ifPresent(n -> {
                String first = seen.putIfAbsent(n, item.path());
                if (first != null) {
                    r.problem("name", "duplicate repository name (first at " + first + ")");
                }
            });
            Optional<String> url = r.requiredString("url", "a git URL (https://…, ssh://…, user@host:path) or an "
                    + "absolute path").filter(u -> checkUrl(r, u));
            String branch = r.string("branch").orElse(RepositorySpec.DEFAULT_BRANCH);
            if (!BRANCH.matcher(branch).matches() || branch.contains("..")) {
                r.problem("branch", "expected a branch name, got " + Nodes.quote(branch));
            }
            Optional<String> pushBranch = r.string("pushBranch").filter(p -> !p.isEmpty());
            pushBranch.ifPresent(p -> checkPushBranch(r, p));
            boolean ssh = url.map(GitUrls::isSsh).orElse(false);
            Optional<GitAuth> auth = r.mapping("auth", List.of("username", "password", "token", "sshKey",
                    "knownHosts")).map(RepositoryReader::auth);
            if (ssh) {
                for (String key : List.of("sshKey", "knownHosts")) {
                    if (!hasKey(r, key)) {
                        r.context().problems().add(r.value("auth") == null ? r.node() : r.value("auth"),
                                r.path("auth." + key), "is required for an ssh URL: "
                                        + (key.equals("sshKey") ? "a private key file" : "a known_hosts file"));
                    }
                }
            }
            repositories.add(new RepositorySpec(name.orElse(""), url.orElse(""), branch, pushBranch, auth,
                    r.duration("fetchInterval", RepositorySpec.DEFAULT_FETCH_INTERVAL, false),
                    r.duration("timeout", RepositorySpec.DEFAULT_TIMEOUT, false), r.bool("allowRemoteBases", false),
                    r.mapping("commit", List.of("authorName", "authorEmail", "committerName", "committerEmail",
                            "messageTemplate", "signingFormat", "signingKey")).map(RepositoryReader::commit),
                    r.mapping("webhook", List.of("secret", "token")).map(RepositoryReader::webhook),
                    r.mapping("pullRequests", List.of("forge", "apiUrl", "project", "username", "token", "autoMerge",
                            "mergeMethod")).map(p -> pullRequests(p, pushBranch.isPresent()))));
        }
        return repositories;
    }

    /** Whether auth names the key at all (a given but unreadable file is already a problem of its own). */
    private static boolean hasKey(Fields repository, String key) {
        org.yaml.snakeyaml.nodes.Node auth = repository.value("auth");
        if (!(auth instanceof org.yaml.snakeyaml.nodes.MappingNode mapping)) {
            return false;
        }
        return mapping.getValue().stream().anyMatch(t -> t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k
                && k.getValue().equals(key) && !Nodes.isNull(t.getValueNode()));
    }

    private static boolean checkUrl(Fields r, String url) {
        if (url.startsWith("/")) {
            return true;
        }
        Optional<Checks.Url> parsed = Checks.url(url);
        if (parsed.isPresent()) {
            Checks.Url u = parsed.get();
            if (!SCHEMES.contains(u.scheme())) {
                r.problem("url", "expected an https, http, ssh, git or file URL, got scheme '" + u.scheme() + "' in "
                        + Nodes.quote(u.masked()));
                return false;
            }
            boolean sshLike = u.scheme().contains("ssh");
            if (u.userInfo() != null && (!sshLike || u.hasPassword())) {
                r.problem("url", "credentials inside the URL are refused (" + u.masked()
                        + "): give them in auth (username with password or token)");
                return false;
            }
            if (!u.scheme().equals("file") && u.host().isEmpty()) {
                r.problem("url", "has no host: " + Nodes.quote(u.masked()));
                return false;
            }
            return true;
        }
        if (GitUrls.isSsh(url)) {
            if (url.substring(0, url.indexOf(':')).contains(":")) {
                r.problem("url", "credentials inside the URL are refused: give them in auth");
                return false;
            }
            return true;
        }
        r.problem("url", "expected a git URL (https://…, ssh://…, git://…, file://…), an scp-like user@host:path or an "
                + "absolute path, got " + Nodes.quote(Checks.masked(url)));
        return false;
    }

    private static void checkPushBranch(Fields r, String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!m.group(1).equals("branch") && !m.group(1).equals("base")) {
                r.problem("pushBranch", "unknown placeholder {" + m.group(1) + "}: a push branch template may use "
                        + "{branch} and {base}");
                return;
            }
        }
        String sample = template.replace("{branch}", "b").replace("{base}", "main");
        if (!BRANCH.matcher(sample).matches() || sample.contains("..")) {
            r.problem("pushBranch", "expected a branch name template (shiplog/{branch}), got " + Nodes.quote(template));
        }
    }

    private static GitAuth auth(Fields a) {
        Optional<Secret> password = a.secret("password");
        Optional<Secret> token = a.secret("token");
        if (a.has("password") && a.has("token")) {
            a.problem("token", "give a password or a token, not both");
        }
        Optional<Path> sshKey = a.scalar("sshKey", "a private key file").flatMap(a.context()::readableFile);
        Optional<Path> knownHosts = a.scalar("knownHosts", "a known_hosts file").flatMap(a.context()::readableFile);
        return new GitAuth(a.string("username"), password, token, sshKey, knownHosts);
    }

    private static CommitSpec commit(Fields c) {
        for (String key : List.of("authorEmail", "committerEmail")) {
            c.string(key).filter(e -> !e.contains("@")).ifPresent(e -> c.problem(key, "expected an e-mail address, got "
                    + Nodes.quote(e)));
        }
        SigningFormat format = c.string("signingFormat").map(text -> {
            try {
                return SigningFormat.valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                c.problem("signingFormat", "expected none, openpgp or ssh, got " + Nodes.quote(text));
                return SigningFormat.NONE;
            }
        }).orElse(SigningFormat.NONE);
        Optional<String> signingKey = c.string("signingKey").filter(k -> !k.isBlank());
        if (format != SigningFormat.NONE && signingKey.isEmpty() && !c.has("signingKey")) {
            c.missing("signingKey", "is required when signingFormat is " + format.name().toLowerCase(Locale.ROOT));
        }
        return new CommitSpec(c.string("authorName"), c.string("authorEmail"), c.string("committerName"),
                c.string("committerEmail"), c.string("messageTemplate"), format, signingKey);
    }

    private static PullRequestSpec pullRequests(Fields p, boolean pushBranch) {
        Forge forge = p.requiredString("forge", "github, gitlab, gitea, forgejo or bitbucket").flatMap(text -> {
            try {
                return Optional.of(Forge.valueOf(text.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                p.problem("forge", "expected github, gitlab, gitea, forgejo or bitbucket, got " + Nodes.quote(text));
                return Optional.empty();
            }
        }).orElse(Forge.GITEA);
        MergeMethod method = p.string("mergeMethod").map(text -> {
            try {
                return MergeMethod.valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                p.problem("mergeMethod", "expected merge, squash or rebase, got " + Nodes.quote(text));
                return MergeMethod.MERGE;
            }
        }).orElse(MergeMethod.MERGE);
        Optional<String> apiUrl = p.string("apiUrl").filter(u -> !u.isBlank());
        apiUrl.filter(u -> !u.startsWith("https://") && !u.startsWith("http://")).ifPresent(u ->
                p.problem("apiUrl", "expected an http(s) URL, got " + Nodes.quote(Checks.masked(u))));
        if (!p.has("token")) {
            p.missing("token", "is required: the forge's API token as ${env:NAME} or ${file:/path}");
        }
        if (!pushBranch) {
            p.context().problems().add(p.node(), p.path(), "needs pushBranch: pull requests propose a branch other "
                    + "than the watched one");
        }
        return new PullRequestSpec(forge, apiUrl, p.string("project").filter(v -> !v.isBlank()),
                p.string("username").filter(v -> !v.isBlank()), p.secret("token"), p.bool("autoMerge", false), method);
    }

    private static GitWebhook webhook(Fields w) {
        if (!w.has("secret") && !w.has("token")) {
            w.missing("secret", "the webhook needs a secret or a token (or both)");
        }
        return new GitWebhook(w.secret("secret"), w.secret("token"));
    }
}
