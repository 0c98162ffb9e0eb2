package io.shiplog.local.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH exec request: the real {@code git upload-pack} or {@code git receive-pack} as a child process on a
 * repository under the root, its stdin, stdout and stderr streamed to and from the SSH channel and its exit status
 * passed back. A refused command writes {@code fatal: <reason>} to the channel's stderr and exits with 128, as git
 * does. {@code GIT_PROTOCOL} sent by the client (protocol v2) reaches the child.
 */
final class GitSshCommand implements Command {

    /** The exit status of a refused command, git's own for fatal errors. */
    static final int REFUSED = 128;

    private static final Logger LOG = LoggerFactory.getLogger(GitSshCommand.class);
    private static final Pattern PROTOCOL = Pattern.compile("[A-Za-z0-9=:._-]{1,200}");
    private static final int BUFFER = 32 * 1024;

    private final String commandLine;
    private final Path root;
    private final Map<String, String> gitEnvironment;
    private final Duration timeout;
    private final ExecutorService pumps;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Process process;

    GitSshCommand(String commandLine, Path root, Map<String, String> gitEnvironment, Duration timeout,
                  ExecutorService pumps) {
        this.commandLine = commandLine;
        this.root = root;
        this.gitEnvironment = gitEnvironment;
        this.timeout = timeout;
        this.pumps = pumps;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment environment) throws IOException {
        String user = channel.getSession().getUsername();
        GitSshCommandLine command;
        Path repository;
        try {
            command = GitSshCommandLine.parse(commandLine);
            repository = existingRepository(command.repository());
        } catch (IllegalArgumentException refused) {
            LOG.info("ssh command \"{}\" of user '{}' refused: {}", commandLine, user, refused.getMessage());
            refuse(refused.getMessage());
            return;
        }
        List<String> argv = new ArrayList<>(List.of("git", command.service().subcommand()));
        if (command.service() == GitSshCommandLine.Service.UPLOAD_PACK) {
            argv.addAll(List.of("--strict", "--timeout=" + timeout.toSeconds()));
        }
        argv.add(repository.toString());
        ProcessBuilder builder = new ProcessBuilder(argv).directory(root.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("GIT_"));
        env.putAll(gitEnvironment);
        String protocol = environment.getEnv().get("GIT_PROTOCOL");
        if (protocol != null && PROTOCOL.matcher(protocol).matches()) {
            env.put("GIT_PROTOCOL", protocol);
        }
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            LOG.warn("ssh command \"{}\" of user '{}' failed to start git: {}", commandLine, user, e.toString());
            refuse("cannot start git " + command.service().subcommand() + " on the server");
            return;
        }
        process = started;
        try {
            Future<?> input = pumps.submit(() -> pumpInput(started));
            Future<?> output = pumps.submit(() -> pump(started.getInputStream(), out));
            Future<?> errors = pumps.submit(() -> pump(started.getErrorStream(), err));
            pumps.submit(() -> awaitExit(started, command, user, input, output, errors));
        } catch (RejectedExecutionException stopping) {
            started.destroyForcibly();
            refuse("the git server is stopping");
        }
    }

    private Path existingRepository(String name) {
        Path directory = root.resolve(BareRepositories.relativePath(name)).normalize();
        if (!directory.startsWith(root) || !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(directory.resolve("HEAD"), LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("repository '" + name + "' does not exist on this server");
        }
        return directory;
    }

    private void pumpInput(Process child) {
        try (OutputStream toChild = child.getOutputStream()) {
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                toChild.write(buffer, 0, read);
                toChild.flush();
            }
        } catch (IOException closed) {
            // the child exited (broken pipe) or the channel closed: either way there is nothing more to send
        }
    }

    private static void pump(InputStream from, OutputStream to) {
        try (from) {
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = from.read(buffer)) >= 0) {
                to.write(buffer, 0, read);
                to.flush();
            }
        } catch (IOException closed) {
            // the channel closed under us: the client went away
        }
    }

    private void awaitExit(Process child, GitSshCommandLine command, String user, Future<?> input,
                           Future<?> output, Future<?> errors) {
        int status;
        try {
            status = child.waitFor();
            output.get(timeout.toSeconds(), TimeUnit.SECONDS);
            errors.get(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroyForcibly();
            return;
        } catch (ExecutionException | TimeoutException e) {
            status = child.exitValue();
        }
        input.cancel(true);
        LOG.debug("ssh git {} '{}' of user '{}' exited with {}", command.service().subcommand(),
                command.repository(), user, status);
        exit.onExit(status);
    }

    private void refuse(String reason) throws IOException {
        err.write(("fatal: " + reason + "\n").getBytes(StandardCharsets.UTF_8));
        err.flush();
        exit.onExit(REFUSED, reason);
    }

    @Override
    public void destroy(ChannelSession channel) {
        Process child = process;
        if (child != null && child.isAlive()) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        }
    }
}
