package io.shiplog.local.git;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command an SSH client asks the git server to run: {@code git-upload-pack '<path>'} or
 * {@code git-receive-pack '<path>'} (also spelt {@code git upload-pack}), as git and JGit send it. The path names a
 * repository under the server's root: one leading '/' and a '.git' suffix are optional, anything that could leave
 * the root ('..', '~', quotes, further arguments) is refused.
 *
 * @param service    the git program to run
 * @param repository the repository name, as {@link GitServer#createRepository} takes it
 */
record GitSshCommandLine(Service service, String repository) {

    /** The two git services an SSH client may run. */
    enum Service {
        UPLOAD_PACK("upload-pack"),
        RECEIVE_PACK("receive-pack");

        private final String subcommand;

        Service(String subcommand) {
            this.subcommand = subcommand;
        }

        /** The git subcommand, as in {@code git upload-pack}. */
        String subcommand() {
            return subcommand;
        }
    }

    private static final Map<String, Service> PROGRAMS = Map.of(
            "git-upload-pack", Service.UPLOAD_PACK, "git upload-pack", Service.UPLOAD_PACK,
            "git-receive-pack", Service.RECEIVE_PACK, "git receive-pack", Service.RECEIVE_PACK);
    private static final Pattern COMMAND = Pattern.compile("(git-[a-z-]+|git [a-z-]+)(?: +(.*))?");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Pattern UNQUOTED = Pattern.compile("[^'\"\\\\\\s`$;&|<>()*?!#]+");

    /** Parses the command string of an SSH exec request; the message of the exception is fit for the client. */
    static GitSshCommandLine parse(String command) {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("no command given: only git-upload-pack and git-receive-pack are "
                    + "served");
        }
        String trimmed = command.strip();
        Matcher matcher = COMMAND.matcher(trimmed);
        Service service = matcher.matches() ? PROGRAMS.get(matcher.group(1)) : null;
        if (service == null) {
            throw new IllegalArgumentException("command \"" + shorten(trimmed) + "\" is not served: only "
                    + "git-upload-pack and git-receive-pack are");
        }
        String argument = matcher.group(2);
        if (argument == null) {
            throw new IllegalArgumentException(matcher.group(1) + " needs a repository path");
        }
        Matcher quoted = QUOTED.matcher(argument);
        String path;
        if (quoted.matches()) {
            path = quoted.group(1);
        } else if (UNQUOTED.matcher(argument).matches()) {
            path = argument;
        } else {
            throw new IllegalArgumentException("repository path " + shorten(argument) + " must be one argument, "
                    + "unquoted or in single quotes");
        }
        return new GitSshCommandLine(service, repositoryName(path));
    }

    private static String repositoryName(String path) {
        String name = path.startsWith("/") ? path.substring(1) : path;
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.endsWith(".git")) {
            name = name.substring(0, name.length() - ".git".length());
        }
        try {
            BareRepositories.relativePath(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("repository path '" + shorten(path) + "' is not a repository of "
                    + "this server: give a path under its root, without '..' or '~'");
        }
        return name;
    }

    private static String shorten(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
